package dev.herald.delivery.signing;

import dev.herald.delivery.signing.internal.Ed25519Signer;
import dev.herald.delivery.signing.internal.HmacSigner;

/**
 * Signs webhook requests the Standard Webhooks way: the signed content is {@code
 * {id}.{timestamp}.{body}}, the signature {@code v1,<base64 HMAC-SHA256>} for a {@code whsec_}
 * secret or {@code v1a,<base64 Ed25519>} for a {@code whsk_} private key.
 */
public interface Signer {

  /** The {@code webhook-signature} value for one request. */
  String sign(String messageId, long timestampSeconds, byte[] body);

  /** The signer of a secret such as {@code whsec_<base64>} or {@code whsk_<base64>}. */
  static Signer forSecret(String secret) {
    return WebhookSecrets.isPrivateKey(secret)
        ? new Ed25519Signer(WebhookSecrets.decode(secret))::sign
        : new HmacSigner(WebhookSecrets.decode(secret))::sign;
  }

  /**
   * Signs with the current secret and, during a rotation, the previous one too: the signatures
   * space-separated, so receivers holding either secret accept the request.
   */
  static Signer forSecrets(String current, String previous) {
    Signer first = forSecret(current);
    if (previous == null) {
      return first;
    }
    Signer second = forSecret(previous);
    return (id, timestamp, body) ->
        first.sign(id, timestamp, body) + " " + second.sign(id, timestamp, body);
  }
}
