package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-endpoint protection on this instance: a circuit breaker that pauses an endpoint that keeps
 * failing (its deliveries deferred, never dropped) and a bound on its attempts in flight, so one
 * slow or broken endpoint never slows the others.
 */
final class EndpointGuards {

  /** Whether an attempt may go now, and if not, how long its delivery should wait. */
  record Admission(boolean admitted, Duration retryIn) {
    static final Admission NOW = new Admission(true, Duration.ZERO);
  }

  private final CircuitBreakerRegistry breakers;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final int concurrency;
  private final Duration busyWait;
  private final Duration pause;

  EndpointGuards(WebhookProperties properties) {
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
    this.busyWait = properties.deferDelay();
    this.pause = properties.breakerPause();
  }

  /** Takes a slot for an attempt to {@code webhookId}, unless it is paused or busy. */
  Admission admit(String webhookId) {
    AtomicInteger count = inFlight.computeIfAbsent(webhookId, id -> new AtomicInteger());
    if (count.incrementAndGet() > concurrency) {
      count.decrementAndGet();
      return new Admission(false, busyWait);
    }
    if (!breaker(webhookId).tryAcquirePermission()) {
      count.decrementAndGet();
      return new Admission(false, pause);
    }
    return Admission.NOW;
  }

  /** Gives back the slot of an admitted attempt and tells the breaker how it went. */
  void release(String webhookId, boolean succeeded, Duration duration) {
    CircuitBreaker breaker = breaker(webhookId);
    if (succeeded) {
      breaker.onSuccess(duration.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      breaker.onError(duration.toNanos(), TimeUnit.NANOSECONDS, AttemptFailed.INSTANCE);
    }
    inFlight.get(webhookId).decrementAndGet();
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
