package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import dev.herald.storage.deliveries.ClaimedDelivery;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Per-endpoint protection on this instance, so one slow or broken endpoint never slows the others:
 * a bound on its attempts in flight (claimed deliveries beyond it wait in a short queue of their
 * own, and past that go back to the database for a moment), its rate limit when it has one (a
 * delivery over it goes back until the next token), and a circuit breaker that pauses an endpoint
 * that keeps failing (its deliveries deferred, never dropped). All of it holds per instance.
 */
final class EndpointGuards {

  /** What to do with a claimed delivery now. */
  sealed interface Admission {}

  /** Send it now; the slot is taken. */
  record Start(ClaimedDelivery delivery) implements Admission {}

  /** It waits in its endpoint's queue and will be returned by {@link #release}. */
  record Queued() implements Admission {}

  /** Give it back to the database, due again after {@code retryIn}. */
  record Defer(Duration retryIn) implements Admission {}

  private static final class Lane {
    int running;
    final Queue<ClaimedDelivery> waiting = new ArrayDeque<>();
    TokenBucket rate; // null: no limit

    int held() {
      return running + waiting.size();
    }

    /** Whether nothing about this endpoint needs remembering between claims. */
    boolean idle() {
      return held() == 0 && (rate == null || rate.full());
    }
  }

  private final CircuitBreakerRegistry breakers;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final int concurrency;
  private final int queueLimit;
  private final Duration busyWait;
  private final Duration pause;
  private final LongSupplier nanoTime;

  EndpointGuards(WebhookProperties properties) {
    this(properties, System::nanoTime);
  }

  EndpointGuards(WebhookProperties properties, LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.breakers =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.breakerWindow())
                .minimumNumberOfCalls(properties.breakerWindow())
                .failureRateThreshold(properties.breakerFailureRate())
                .waitDurationInOpenState(properties.breakerPause())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(AttemptFailed.class)
                .build());
    this.concurrency = properties.endpointConcurrency();
    // a queued delivery must start well within its lease: at most two rounds of attempts wait
    this.queueLimit = properties.endpointConcurrency() * 2;
    this.busyWait = properties.deferDelay();
    this.pause = properties.breakerPause();
  }

  /** Decides what happens to a freshly claimed delivery. */
  Admission admit(ClaimedDelivery delivery) {
    String webhookId = delivery.delivery().webhookId();
    Lane lane = lanes.computeIfAbsent(webhookId, id -> new Lane());
    synchronized (lane) {
      limit(lane, delivery.rateLimit());
      if (lane.running < concurrency && lane.waiting.isEmpty()) {
        if (lane.rate != null && lane.rate.available() == 0) {
          return new Defer(lane.rate.untilNext());
        }
        if (!breaker(webhookId).tryAcquirePermission()) {
          return new Defer(pause);
        }
        if (lane.rate != null) {
          lane.rate.tryTake();
        }
        lane.running++;
        return new Start(delivery);
      }
      if (lane.waiting.size() < queueLimit) {
        lane.waiting.add(delivery);
        return new Queued();
      }
      return new Defer(busyWait);
    }
  }

  /** Follows the webhook's current rate limit (it can change while deliveries are under way). */
  private void limit(Lane lane, Integer rateLimit) {
    if (rateLimit == null) {
      lane.rate = null;
    } else if (lane.rate == null) {
      lane.rate = new TokenBucket(rateLimit, nanoTime);
    } else if (lane.rate.rate() != rateLimit) {
      lane.rate.rate(rateLimit);
    }
  }

  /**
   * What a finished attempt hands on: the endpoint's next waiting delivery to start (its slot
   * passes on), or, when the endpoint has just been paused or is over its rate limit, every waiting
   * delivery to defer.
   */
  record Handover(ClaimedDelivery start, java.util.List<ClaimedDelivery> defer, Duration retryIn) {}

  /** Gives back the slot of a finished attempt and tells the breaker how it went. */
  Handover release(String webhookId, boolean succeeded, Duration duration) {
    CircuitBreaker breaker = breaker(webhookId);
    if (succeeded) {
      breaker.onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      breaker.onError(duration.toNanos(), TimeUnit.NANOSECONDS, AttemptFailed.INSTANCE);
    }
    Lane lane = lanes.get(webhookId);
    synchronized (lane) {
      if (lane.waiting.isEmpty()) {
        lane.running--;
        return new Handover(null, java.util.List.of(), Duration.ZERO);
      }
      Duration wait = null;
      if (lane.rate != null && lane.rate.available() == 0) {
        wait = lane.rate.untilNext();
      } else if (!breaker.tryAcquirePermission()) {
        wait = pause;
      }
      if (wait != null) {
        lane.running--;
        java.util.List<ClaimedDelivery> deferred = new java.util.ArrayList<>(lane.waiting);
        lane.waiting.clear();
        return new Handover(null, deferred, wait);
      }
      if (lane.rate != null) {
        lane.rate.tryTake();
      }
      return new Handover(lane.waiting.poll(), java.util.List.of(), Duration.ZERO);
    }
  }

  /** How many deliveries one endpoint can hold here: in flight plus waiting. */
  int capacity() {
    return concurrency + queueLimit;
  }

  /**
   * How many more deliveries each endpoint that is busy or rate-limited here can take now (0 when
   * it is full or out of tokens); an endpoint not named can take {@link #capacity()} (the claim
   * takes at most one second's worth of a rate-limited one).
   */
  java.util.Map<String, Integer> room() {
    java.util.Map<String, Integer> room = new java.util.HashMap<>();
    lanes.forEach(
        (webhookId, lane) -> {
          synchronized (lane) {
            if (!lane.idle()) {
              int free = Math.max(0, capacity() - lane.held());
              room.put(webhookId, lane.rate == null ? free : Math.min(free, lane.rate.available()));
            }
          }
        });
    return room;
  }

  /** Deliveries held here (running or waiting) for an endpoint. */
  int held(String webhookId) {
    Lane lane = lanes.get(webhookId);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.held();
    }
  }

  /** The breaker's state for an endpoint (for tests and metrics). */
  CircuitBreaker.State state(String webhookId) {
    return breaker(webhookId).getState();
  }

  private CircuitBreaker breaker(String webhookId) {
    return breakers.circuitBreaker(webhookId);
  }

  /** What the breaker counts: an attempt that did not get a 2xx. */
  static final class AttemptFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final AttemptFailed INSTANCE = new AttemptFailed();

    private AttemptFailed() {
      super("attempt failed", null, false, false);
    }
  }
}
