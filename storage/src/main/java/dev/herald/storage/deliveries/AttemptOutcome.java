package dev.herald.storage.deliveries;

import java.time.Instant;

/**
 * One finished attempt to record: the delivery as it was claimed, the attempt, and the state it
 * moves the delivery to ({@code nextAttemptAt} is {@code null} when nothing more is due).
 */
public record AttemptOutcome(
    Delivery before, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt) {

  /** The delivery as this outcome leaves it. */
  public Delivery after(Instant now) {
    return new Delivery(
        before.projectId(),
        before.id(),
        before.webhookId(),
        before.eventId(),
        before.eventType(),
        before.eventSequence(),
        status,
        attempt.attempt(),
        nextAttemptAt,
        attempt.responseStatus(),
        attempt.error(),
        before.createdAt(),
        now);
  }
}
