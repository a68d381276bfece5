package dev.herald.storage.deliveries;

/** A delivery the fan-out creates: one matched (webhook, event) pair. */
public record NewDelivery(
    String projectId, String webhookId, String eventId, String eventType, long eventSequence) {}
