package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.retry.RetrySchedule;
import dev.herald.delivery.signing.Signer;
import dev.herald.storage.deliveries.Attempt;
import dev.herald.storage.deliveries.ClaimedDelivery;
import dev.herald.storage.deliveries.Delivery;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.deliveries.DeliveryStatus;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventSignals;
import dev.herald.storage.events.StoredEvent;
import dev.herald.storage.webhooks.WebhookRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The dispatch loop: claims due deliveries while it has room for more attempts in flight, sends
 * each on its own (so a slow receiver holds only its own attempts), and records the outcome. Wakes
 * on new deliveries, on a finished attempt, and on a poll for retries coming due.
 */
@Component
public class Dispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int MAX_CLAIM = 100;

  private final DeliveryRepository deliveries;
  private final EventLog events;
  private final EventSignals signals;
  private final DeliveryTransitions transitions;
  private final WebhookSender sender;
  private final WebhookProperties properties;
  private final RetrySchedule schedule;
  private final EndpointGuards guards;
  private final WebhookRepository webhooks;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Sinks.Many<Object> wake = Sinks.many().multicast().directBestEffort();
  private volatile Disposable loop;

  public Dispatcher(
      DeliveryRepository deliveries,
      EventLog events,
      EventSignals signals,
      DeliveryTransitions transitions,
      WebhookSender sender,
      WebhookRepository webhooks,
      WebhookProperties properties) {
    this.deliveries = deliveries;
    this.events = events;
    this.signals = signals;
    this.transitions = transitions;
    this.sender = sender;
    this.properties = properties;
    this.webhooks = webhooks;
    this.guards = new EndpointGuards(properties);
    this.schedule =
        new RetrySchedule(
            properties.retrySchedule(),
            properties.jitter(),
            () -> ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public void start() {
    if (!properties.workers()) {
      return;
    }
    loop =
        Flux.merge(
                Flux.just((Object) "start"),
                signals.deliveries(),
                wake.asFlux(),
                Flux.interval(properties.pollInterval()))
            .onBackpressureLatest()
            .concatMap(tick -> claimAndSend().onErrorResume(this::logged), 1)
            .subscribe();
  }

  private Mono<Void> claimAndSend() {
    int room = properties.concurrency() - inFlight.get();
    if (room <= 0) {
      return Mono.empty();
    }
    int wanted = Math.min(room, MAX_CLAIM);
    return deliveries
        .claimDue(wanted, properties.lease())
        .collectList()
        .flatMap(
            claimed -> {
              Map<Duration, List<Delivery>> deferred = new HashMap<>();
              for (ClaimedDelivery delivery : claimed) {
                EndpointGuards.Admission admission = guards.admit(delivery.delivery().webhookId());
                if (admission.admitted()) {
                  launch(delivery);
                } else {
                  deferred
                      .computeIfAbsent(admission.retryIn(), unused -> new ArrayList<>())
                      .add(delivery.delivery());
                }
              }
              if (claimed.size() == wanted) {
                wake.tryEmitNext("more");
              }
              Instant now = Instant.now();
              return Flux.fromIterable(deferred.entrySet())
                  .concatMap(group -> deliveries.defer(group.getValue(), now.plus(group.getKey())))
                  .then();
            });
  }

  private void launch(ClaimedDelivery claimed) {
    inFlight.incrementAndGet();
    // each attempt runs on its own so one slow receiver never holds up the others
    attempt(claimed)
        .onErrorResume(this::logged)
        .doFinally(
            signal -> {
              inFlight.decrementAndGet();
              wake.tryEmitNext("done");
            })
        .subscribe();
  }

  private Mono<Void> attempt(ClaimedDelivery claimed) {
    Delivery delivery = claimed.delivery();
    int number = delivery.attempts() + 1;
    Instant started = Instant.now();
    AtomicBoolean released = new AtomicBoolean();
    Signer signer = Signer.forSecrets(claimed.secret(), claimed.previousSecret());
    return events
        .find(delivery.projectId(), delivery.eventId())
        .map(StoredEvent::event)
        .flatMap(event -> sender.send(claimed.url(), claimed.headers(), signer, event))
        .flatMap(
            result -> {
              if (released.compareAndSet(false, true)) {
                guards.release(delivery.webhookId(), result.succeeded(), result.duration());
              }
              Optional<Instant> next =
                  result.succeeded()
                      ? Optional.empty()
                      : schedule.nextAttemptAt(number, Instant.now(), result.retryAfter());
              DeliveryStatus status =
                  result.succeeded()
                      ? DeliveryStatus.DELIVERED
                      : next.isPresent() ? DeliveryStatus.RETRYING : DeliveryStatus.FAILED;
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
              return transitions
                  .recordAttempt(delivery, attempt, status, next.orElse(null))
                  .then(endpointHealth(claimed, result));
            })
        .doFinally(
            signal -> {
              if (released.compareAndSet(false, true)) {
                guards.release(
                    delivery.webhookId(), false, Duration.between(started, Instant.now()));
              }
            })
        .then();
  }

  /** Tracks how long the endpoint has been failing, and disables it after too long. */
  private Mono<Void> endpointHealth(ClaimedDelivery claimed, WebhookClient.Result result) {
    Delivery delivery = claimed.delivery();
    if (result.succeeded()) {
      return claimed.failing()
          ? webhooks.recordSuccess(delivery.projectId(), delivery.webhookId())
          : Mono.empty();
    }
    String reason =
        "every attempt failed for more than "
            + properties.disableAfter().toHours()
            + " h; last: "
            + (result.status() != null ? "HTTP " + result.status() : result.error());
    return webhooks
        .recordFailure(
            delivery.projectId(), delivery.webhookId(), properties.disableAfter(), reason)
        .doOnNext(
            disabled -> {
              if (disabled) {
                log.warn(
                    "Disabled webhook {} of project {}: {}",
                    delivery.webhookId(),
                    delivery.projectId(),
                    reason);
              }
            })
        .then();
  }

  private <T> Mono<T> logged(Throwable error) {
    log.error("Webhook dispatch failed; the delivery's lease will return it", error);
    return Mono.empty();
  }

  @Override
  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
    loop = null;
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }

  @Override
  public boolean isAutoStartup() {
    return properties.workers();
  }

  /**
   * Subscribed before the signal listener connects (a lower phase starts first), so no signal is
   * missed.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 10;
  }
}
