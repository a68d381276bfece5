package dev.herald.storage.webhooks;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A partial update of a webhook: {@code null} leaves a field as it is; a {@code rateLimit} of 0
 * removes the limit.
 */
public record WebhookChanges(
    String url,
    String description,
    List<String> eventTypes,
    Boolean enabled,
    JsonNode headers,
    JsonNode metadata,
    Integer rateLimit) {}
