package dev.herald.api.webhooks;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A new webhook ({@code POST /v1/webhooks}); {@code signatureScheme} is {@code hmac-sha256} (the
 * default) or {@code ed25519}.
 */
record WebhookIn(
    String url,
    List<String> eventTypes,
    String description,
    Boolean enabled,
    JsonNode headers,
    JsonNode metadata,
    Integer rateLimit,
    String signatureScheme) {}
