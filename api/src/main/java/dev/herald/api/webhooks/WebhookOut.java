package dev.herald.api.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.delivery.signing.WebhookSecrets;
import dev.herald.storage.webhooks.Webhook;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A webhook as returned; {@code secret} only on create of an {@code hmac-sha256} webhook; an {@code
 * ed25519} one shows its public key always, raw ({@code whpk_}) and as base64 X.509 DER. {@code
 * failingSince} is when its current run of failed attempts began; {@code disabledReason} says why
 * Herald disabled it; {@code rateLimit} is the most deliveries per second its endpoint receives
 * (null: no limit).
 */
record WebhookOut(
    String id,
    String url,
    List<String> eventTypes,
    String description,
    boolean enabled,
    JsonNode headers,
    JsonNode metadata,
    Instant createdAt,
    Instant updatedAt,
    Instant failingSince,
    String disabledReason,
    Integer rateLimit,
    String signatureScheme,
    @JsonInclude(JsonInclude.Include.NON_NULL) String publicKey,
    @JsonInclude(JsonInclude.Include.NON_NULL) String publicKeyDer,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

  static WebhookOut of(Webhook webhook) {
    return new WebhookOut(
        webhook.id(),
        webhook.url(),
        webhook.eventTypes(),
        webhook.description(),
        webhook.enabled(),
        webhook.headers(),
        webhook.metadata(),
        webhook.createdAt(),
        webhook.updatedAt(),
        webhook.failingSince(),
        webhook.disabledReason(),
        webhook.rateLimit(),
        WebhookSecrets.scheme(webhook.secret()),
        WebhookSecrets.isPrivateKey(webhook.secret())
            ? WebhookSecrets.publicKey(webhook.secret())
            : null,
        WebhookSecrets.isPrivateKey(webhook.secret())
            ? WebhookSecrets.publicKeyDer(webhook.secret())
            : null,
        null);
  }

  /** With the secret shown: only a symmetric one, which the receiver needs to verify. */
  WebhookOut withSecret(String secret) {
    if (WebhookSecrets.isPrivateKey(secret)) {
      return this;
    }
    return new WebhookOut(
        id,
        url,
        eventTypes,
        description,
        enabled,
        headers,
        metadata,
        createdAt,
        updatedAt,
        failingSince,
        disabledReason,
        rateLimit,
        signatureScheme,
        publicKey,
        publicKeyDer,
        secret);
  }
}
