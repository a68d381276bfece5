package dev.herald.storage.deliveries;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP attempt of a delivery: what the receiver answered (status, headers, the first 4 KiB of
 * the body) or why there was no answer.
 */
public record Attempt(
    String id,
    String deliveryId,
    int attempt,
    Instant startedAt,
    int durationMs,
    Integer responseStatus,
    JsonNode responseHeaders,
    String responseBody,
    String error) {}
