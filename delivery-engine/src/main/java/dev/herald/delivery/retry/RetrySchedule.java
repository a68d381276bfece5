package dev.herald.delivery.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: the configured delays with jitter, stretched to honour a
 * receiver's {@code Retry-After} but never past the schedule's longest delay.
 */
public final class RetrySchedule {

  private final List<Duration> delays;
  private final double jitter;
  private final DoubleSupplier random;

  public RetrySchedule(List<Duration> delays, double jitter, DoubleSupplier random) {
    this.delays = List.copyOf(delays);
    this.jitter = jitter;
    this.random = random;
  }

  /** How many attempts a delivery gets. */
  public int attempts() {
    return delays.size();
  }

  /**
   * When to make the next attempt after attempt number {@code attempt} (1-based) failed at {@code
   * now}; empty when that was the last.
   */
  public Optional<Instant> nextAttemptAt(int attempt, Instant now, Duration retryAfter) {
    if (attempt >= delays.size()) {
      return Optional.empty();
    }
    Duration base = delays.get(attempt);
    double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
    Duration delay = Duration.ofMillis(Math.round(base.toMillis() * factor));
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      Duration longest = delays.stream().max(Duration::compareTo).orElse(delay);
      delay = retryAfter.compareTo(longest) > 0 ? longest : retryAfter;
    }
    return Optional.of(now.plus(delay));
  }
}
