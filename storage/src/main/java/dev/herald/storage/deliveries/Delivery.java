package dev.herald.storage.deliveries;

import java.time.Instant;

/** One event on its way to one webhook. */
public record Delivery(
    String projectId,
    String id,
    String webhookId,
    String eventId,
    String eventType,
    long eventSequence,
    DeliveryStatus status,
    int attempts,
    Instant nextAttemptAt,
    Integer lastResponseStatus,
    String lastError,
    Instant createdAt,
    Instant updatedAt) {}
