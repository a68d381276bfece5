package dev.herald.reliability;

import java.time.Duration;

/**
 * How a crash drill runs.
 *
 * @param victim what each crash kills
 * @param kills how many crashes
 * @param minUptime the shortest time Herald runs between a restart and the next crash
 * @param maxUptime the longest (each crash comes at a random moment between the two)
 * @param eventsPerSecond the steady publishing rate
 * @param failingFor how long the failing receiver answers 503 before it recovers (2xx)
 * @param restartBound how long a restart may take to report UP before it counts as failed
 * @param settleBound how long, after the last restart, deliveries may take to settle
 * @param seed the seed of the crash moments (printed, to repeat a run)
 */
record CrashPlan(
    Victim victim,
    int kills,
    Duration minUptime,
    Duration maxUptime,
    int eventsPerSecond,
    Duration failingFor,
    Duration restartBound,
    Duration settleBound,
    long seed) {

  /**
   * The longest the whole drill may take however it goes: the first start, each crash's traffic and
   * restart at their bounds, and the settling; a drill past it is stopped.
   */
  Duration bound() {
    Duration perCrash = maxUptime.multipliedBy(3).plus(restartBound);
    return restartBound.plus(perCrash.multipliedBy(kills)).plus(settleBound);
  }

  /** Whether this run is the soak ({@code -Dherald.soak=true}) rather than the short form. */
  static boolean soakRequested() {
    return Boolean.getBoolean("herald.soak");
  }

  /** The short form or the soak, as this run asks. */
  static CrashPlan forThisRun(Victim victim) {
    return soakRequested() ? soak(victim) : shortForm(victim);
  }

  /**
   * The form run by every build: five crashes 2 to 3 s of traffic apart (a restart takes another 5
   * to 6 s on two busy cores), a few hundred events.
   */
  static CrashPlan shortForm(Victim victim) {
    return new CrashPlan(
        victim,
        5,
        Duration.ofSeconds(2),
        Duration.ofSeconds(3),
        40,
        Duration.ofSeconds(6),
        Duration.ofSeconds(60),
        Duration.ofSeconds(90),
        System.nanoTime());
  }

  /** The long form: more crashes, further apart, at a higher rate. */
  static CrashPlan soak(Victim victim) {
    return new CrashPlan(
        victim,
        Integer.getInteger("herald.soak.kills", 20),
        Duration.ofSeconds(3),
        Duration.ofSeconds(12),
        Integer.getInteger("herald.soak.rate", 100),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofMinutes(15),
        System.nanoTime());
  }
}
