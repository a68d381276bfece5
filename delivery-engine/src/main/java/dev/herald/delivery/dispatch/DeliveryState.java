package dev.herald.delivery.dispatch;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.herald.storage.deliveries.Delivery;
import java.time.Instant;

/**
 * A delivery as customers see it: in the delivery log and as the data of {@code
 * webhook.delivery.updated}.
 */
public record DeliveryState(
    String id,
    String webhookId,
    String eventId,
    String eventType,
    String status,
    int attempt,
    @JsonFormat(
            shape = JsonFormat.Shape.STRING,
            pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
            timezone = "UTC")
        Instant nextAttemptAt,
    Integer lastResponseStatus,
    String lastError,
    @JsonFormat(
            shape = JsonFormat.Shape.STRING,
            pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
            timezone = "UTC")
        Instant createdAt) {

  public static DeliveryState of(Delivery delivery) {
    return new DeliveryState(
        delivery.id(),
        delivery.webhookId(),
        delivery.eventId(),
        delivery.eventType(),
        delivery.status().wireName(),
        delivery.attempts(),
        delivery.nextAttemptAt(),
        delivery.lastResponseStatus(),
        delivery.lastError(),
        delivery.createdAt());
  }
}
