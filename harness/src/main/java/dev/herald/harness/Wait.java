package dev.herald.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** A bounded wait for a condition that another process or thread makes true. */
public final class Wait {

  private Wait() {}

  /**
   * Checks {@code condition} every {@code every} until it holds or {@code bound} has passed;
   * returns whether it held.
   */
  public static boolean until(BooleanSupplier condition, Duration bound, Duration every) {
    Instant deadline = Instant.now().plus(bound);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        return false;
      }
      try {
        Thread.sleep(every.toMillis()); // sampling between checks, bounded by the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting", e);
      }
    }
    return true;
  }

  /** As {@link #until}, checking every 20 ms, and failing when {@code bound} passes first. */
  public static void untilOrFail(BooleanSupplier condition, Duration bound) {
    if (!until(condition, bound, Duration.ofMillis(20))) {
      throw new IllegalStateException("not reached within " + bound);
    }
  }
}
