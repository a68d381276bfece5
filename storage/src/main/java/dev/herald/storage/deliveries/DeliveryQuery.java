package dev.herald.storage.deliveries;

import java.time.Instant;

/**
 * A page of a project's deliveries, newest first; {@code null} filters match everything.
 *
 * @param before only deliveries older than this delivery id (the cursor)
 */
public record DeliveryQuery(
    String webhookId,
    DeliveryStatus status,
    String eventType,
    Instant since,
    String before,
    int limit) {}
