package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.worker.LoopWorker;
import dev.herald.delivery.worker.WorkerLoop;
import dev.herald.storage.database.DatabaseOutage;
import dev.herald.storage.deliveries.ClaimedDelivery;
import dev.herald.storage.deliveries.Delivery;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.events.EventSignals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dispatch loop: claims due deliveries (with their events) while this instance holds fewer than
 * {@code herald.webhooks.concurrency}, and hands each to its endpoint's lane ({@link
 * EndpointGuards}): sent at once, queued behind the endpoint's attempts in flight, or given back to
 * the database for a moment when the endpoint is busy or paused. Each attempt runs on its own, so a
 * slow receiver holds only its own slots; its outcome is recorded with the delivery's new state and
 * meta-event. Wakes on new deliveries, on finished attempts, and on a poll for retries coming due.
 */
@Component
public class Dispatcher extends LoopWorker implements MeterBinder {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final int MAX_CLAIM = 200;

  private final DeliveryRepository deliveries;
  private final WebhookSender sender;
  private final AttemptOutcomes outcomes;
  private final WebhookProperties properties;
  private final EndpointGuards guards;
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicLong claimedAtCreation = new AtomicLong();
  private final AtomicLong claimedLater = new AtomicLong();
  private final WorkerLoop loop;

  public Dispatcher(
      DeliveryRepository deliveries,
      EventSignals signals,
      WebhookSender sender,
      AttemptOutcomes outcomes,
      WebhookProperties properties) {
    this.deliveries = deliveries;
    this.sender = sender;
    this.outcomes = outcomes;
    this.properties = properties;
    this.guards = new EndpointGuards(properties);
    this.loop =
        new WorkerLoop(
            "Webhook dispatch",
            () -> Flux.merge(signals.deliveries(), Flux.interval(properties.pollInterval())),
            this::claim);
  }

  @Override
  protected WorkerLoop loop() {
    return loop;
  }

  @Override
  protected boolean enabled() {
    return properties.workers();
  }

  private Mono<Void> claim() {
    int room = properties.concurrency() - held.get();
    if (room <= 0) {
      return Mono.empty();
    }
    int wanted = Math.min(room, MAX_CLAIM);
    return deliveries
        .claimDue(wanted, guards.capacity(), guards.room(), properties.lease())
        .collectList()
        .flatMap(
            claimed -> {
              claimedLater.addAndGet(claimed.size());
              if (claimed.size() == wanted) {
                loop.runAgain();
              }
              return admit(claimed);
            });
  }

  /**
   * What this instance can take now of the deliveries its fan-out is creating, so that those are
   * created already claimed ({@link #handOver}): its free slots, and each endpoint's room, as a
   * claim would take them. Nothing while the dispatcher is stopped.
   */
  public Room room() {
    int free = isRunning() ? Math.max(0, properties.concurrency() - held.get()) : 0;
    return new Room(Math.min(free, MAX_CLAIM), guards.room(), guards.capacity());
  }

  /**
   * Takes the deliveries that this instance's fan-out created already claimed, once their
   * transaction has committed: each is admitted, sent, queued or deferred as a claimed one is.
   */
  public Mono<Void> handOver(List<ClaimedDelivery> claimed) {
    if (claimed.isEmpty()) {
      return Mono.empty();
    }
    claimedAtCreation.addAndGet(claimed.size());
    return admit(claimed).onErrorResume(this::logged);
  }

  /**
   * The room one fan-out batch may fill, taken one delivery at a time (by one thread): at most the
   * dispatcher's free slots, and for each endpoint what it has room for, at most one second's worth
   * of a rate-limited one.
   */
  public static final class Room {

    private int free;
    private final Map<String, Integer> perWebhook;
    private final int capacity;

    Room(int free, Map<String, Integer> perWebhook, int capacity) {
      this.free = free;
      this.perWebhook = new HashMap<>(perWebhook);
      this.capacity = capacity;
    }

    /** Takes room for one delivery to {@code webhookId}, if there is any left. */
    public boolean take(String webhookId, Integer rateLimit) {
      if (free == 0) {
        return false;
      }
      int left =
          perWebhook.computeIfAbsent(
              webhookId, id -> rateLimit == null ? capacity : Math.min(capacity, rateLimit));
      if (left == 0) {
        return false;
      }
      perWebhook.put(webhookId, left - 1);
      free--;
      return true;
    }
  }

  /** Admits claimed deliveries to their endpoints' lanes; gives back for later what must wait. */
  private Mono<Void> admit(List<ClaimedDelivery> claimed) {
    Map<Duration, List<Delivery>> deferred = new HashMap<>();
    for (ClaimedDelivery delivery : claimed) {
      EndpointGuards.Admission admission = guards.admit(delivery);
      if (admission instanceof EndpointGuards.Defer defer) {
        deferred.computeIfAbsent(defer.retryIn(), d -> new ArrayList<>()).add(delivery.delivery());
        continue;
      }
      held.incrementAndGet();
      if (admission instanceof EndpointGuards.Start start) {
        launch(start.delivery());
      }
    }
    return defer(deferred);
  }

  private Mono<Void> defer(Map<Duration, List<Delivery>> deferred) {
    Instant now = Instant.now();
    return Flux.fromIterable(deferred.entrySet())
        .concatMap(group -> deliveries.defer(group.getValue(), now.plus(group.getKey())))
        .then();
  }

  /**
   * Runs {@code started} beside the claim loop, on its own subscription (it handles its own
   * errors). One subscription for all of them (a serialized sink, flattened) was tried and measured
   * slower: W2 max 1,427 against 1,598 deliveries/s (three runs each), the emitting threads
   * contending.
   */
  private static void run(Mono<Void> started) {
    started.subscribe();
  }

  /**
   * Sends a delivery on its own (one slow receiver never holds up the others). Its endpoint slot is
   * freed as soon as the response is in; the delivery stays counted in {@link #held} until its
   * outcome is committed, so recording keeps pace with sending.
   */
  private void launch(ClaimedDelivery claimed) {
    Instant started = Instant.now();
    AtomicBoolean released = new AtomicBoolean();
    run(
        sender
            .attempt(claimed)
            .flatMap(
                result -> {
                  release(claimed, result.succeeded(), started, released);
                  return outcomes.record(claimed, started, result);
                })
            .onErrorResume(
                error -> {
                  logFailure("Webhook attempt failed; the delivery's lease will return it", error);
                  return Mono.empty();
                })
            .doFinally(
                signal -> {
                  release(claimed, false, started, released);
                  held.decrementAndGet();
                  loop.runAgain();
                }));
  }

  /**
   * Frees the attempt's endpoint slot (once): the endpoint's next waiting delivery takes it, or it
   * is free; when the endpoint has just been paused, its waiting deliveries go back for later.
   */
  private void release(
      ClaimedDelivery finished, boolean succeeded, Instant started, AtomicBoolean released) {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    EndpointGuards.Handover handover =
        guards.release(
            finished.delivery().webhookId(), succeeded, Duration.between(started, Instant.now()));
    if (handover.start() != null) {
      launch(handover.start());
    }
    if (!handover.defer().isEmpty()) {
      List<Delivery> paused = handover.defer().stream().map(ClaimedDelivery::delivery).toList();
      run(
          deliveries
              .defer(paused, Instant.now().plus(handover.retryIn()))
              .onErrorResume(this::logged)
              .doFinally(signal -> held.addAndGet(-paused.size())));
    }
  }

  private <T> Mono<T> logged(Throwable error) {
    logFailure("Webhook dispatch failed; the delivery's lease will return it", error);
    return Mono.empty();
  }

  /** A database outage in one line (the worker loop reports its start and end), else the trace. */
  private static void logFailure(String message, Throwable error) {
    DatabaseOutage.classify(error)
        .ifPresentOrElse(
            unavailable -> log.warn("{}: database unavailable: {}", message, unavailable.reason()),
            () -> log.error(message, error));
  }

  /**
   * {@code herald.webhooks.dispatch.held}: deliveries this instance holds (sending, waiting for
   * their endpoint, or being recorded); back to 0 when there is nothing to do. {@code
   * herald.webhooks.dispatch.claimed}: deliveries this instance took, {@code when=at-creation} (its
   * fan-out created them claimed) or {@code when=due} (claimed from the table).
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("herald.webhooks.dispatch.held", held, AtomicInteger::get)
        .description("Deliveries held by this instance's dispatcher")
        .register(registry);
    FunctionCounter.builder("herald.webhooks.dispatch.claimed", claimedAtCreation, AtomicLong::get)
        .description("Deliveries this instance's dispatcher took")
        .tag("when", "at-creation")
        .register(registry);
    FunctionCounter.builder("herald.webhooks.dispatch.claimed", claimedLater, AtomicLong::get)
        .description("Deliveries this instance's dispatcher took")
        .tag("when", "due")
        .register(registry);
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
