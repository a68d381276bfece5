package dev.herald.delivery.signing;

import dev.herald.delivery.signing.internal.HmacSigner;

/**
 * Signs webhook requests the Standard Webhooks way: the signed content is {@code
 * {id}.{timestamp}.{body}}, the signature {@code v1,<base64>}.
 */
public interface Signer {

  /** The {@code webhook-signature} value for one request. */
  String sign(String messageId, long timestampSeconds, byte[] body);

  /** The signer of a secret such as {@code whsec_<base64>}. */
  static Signer forSecret(String secret) {
    return new HmacSigner(WebhookSecrets.decode(secret));
  }
}
