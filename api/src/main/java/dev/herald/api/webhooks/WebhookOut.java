package dev.herald.api.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.storage.webhooks.Webhook;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A webhook as returned; {@code secret} only on create. {@code failingSince} is when its current
 * run of failed attempts began; {@code disabledReason} says why Herald disabled it; {@code
 * rateLimit} is the most deliveries per second its endpoint receives (null: no limit).
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
        null);
  }

  WebhookOut withSecret(String secret) {
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
        secret);
  }
}
