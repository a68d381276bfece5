package dev.herald.api.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.delivery.signing.WebhookSecrets;

/**
 * What a receiver verifies with: the {@code whsec_} secret of an {@code hmac-sha256} webhook, or
 * the public key of an {@code ed25519} one (its private key never leaves Herald).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SecretOut(String signatureScheme, String secret, String publicKey, String publicKeyDer) {

  static SecretOut of(String key) {
    return WebhookSecrets.isPrivateKey(key)
        ? new SecretOut(
            WebhookSecrets.ED25519,
            null,
            WebhookSecrets.publicKey(key),
            WebhookSecrets.publicKeyDer(key))
        : new SecretOut(WebhookSecrets.HMAC_SHA256, key, null, null);
  }
}
