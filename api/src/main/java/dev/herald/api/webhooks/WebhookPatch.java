package dev.herald.api.webhooks;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A partial update ({@code PATCH /v1/webhooks/{id}}): absent fields stay as they are; {@code
 * rateLimit: 0} removes the limit.
 */
record WebhookPatch(
    String url,
    List<String> eventTypes,
    String description,
    Boolean enabled,
    JsonNode headers,
    JsonNode metadata,
    Integer rateLimit) {}
