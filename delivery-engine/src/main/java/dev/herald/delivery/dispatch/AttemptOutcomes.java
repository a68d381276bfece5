package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.retry.RetrySchedule;
import dev.herald.storage.deliveries.Attempt;
import dev.herald.storage.deliveries.AttemptOutcome;
import dev.herald.storage.deliveries.ClaimedDelivery;
import dev.herald.storage.deliveries.Delivery;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.deliveries.NextStep;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Carries out what an attempt's outcome decides ({@link NextStep}): the attempt recorded with the
 * delivery's new state and its meta-event (one group commit, {@link AttemptRecorder}), then what it
 * says of the endpoint ({@link EndpointHealth}).
 */
@Component
class AttemptOutcomes {

  private final AttemptRecorder recorder;
  private final EndpointHealth health;
  private final RetrySchedule schedule;

  AttemptOutcomes(AttemptRecorder recorder, EndpointHealth health, WebhookProperties properties) {
    this.recorder = recorder;
    this.health = health;
    this.schedule =
        new RetrySchedule(
            properties.retrySchedule(),
            properties.jitter(),
            () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Records the attempt that {@code claimed} made from {@code started}, which ended in {@code
   * result}.
   */
  Mono<Void> record(ClaimedDelivery claimed, Instant started, WebhookClient.Result result) {
    Delivery delivery = claimed.delivery();
    int number = delivery.attempts() + 1;
    NextStep step =
        NextStep.after(
            result.status(), schedule.nextAttemptAt(number, Instant.now(), result.retryAfter()));
    Attempt attempt =
        new Attempt(
            DeliveryRepository.newAttemptId(),
            delivery.id(),
            number,
            started,
            (int) result.duration().toMillis(),
            result.status(),
            result.headers(),
            result.body(),
            result.error());
    return recorder
        .record(new AttemptOutcome(delivery, attempt, step.status(), step.nextAttemptAt()))
        .then(health.note(claimed, step.endpoint(), result));
  }
}
