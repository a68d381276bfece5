package dev.herald.reliability;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a crash drill found.
 *
 * @param plan how it ran
 * @param restarts one per crash
 * @param acknowledged events Herald acknowledged (201)
 * @param refusals publish requests that failed or went unanswered (Herald down or being killed), by
 *     reason
 * @param endpoints what each receiver got
 * @param settledIn from the last restart's UP until every acknowledged event had arrived
 *     everywhere, or until the settle bound ran out
 * @param settled whether it did
 */
record CrashReport(
    CrashPlan plan,
    List<Restart> restarts,
    long acknowledged,
    Map<String, Long> refusals,
    List<EndpointOutcome> endpoints,
    Duration settledIn,
    boolean settled) {

  /**
   * One restart after a crash.
   *
   * @param attempts how many starts it took (1: at the first try)
   * @param upIn from the first attempt's launch to {@code /actuator/health} UP (failed attempts
   *     included)
   */
  record Restart(int attempts, Duration upIn) {

    boolean atFirstTry() {
      return attempts == 1;
    }
  }

  /**
   * One receiver's deliveries.
   *
   * @param delivered acknowledged events that arrived
   * @param lost acknowledged events that did not
   * @param duplicates deliveries that arrived again (allowed: delivery is at least once)
   * @param unacknowledged events that arrived although their publisher got no 201 (the crash cut
   *     the answer, not the commit)
   */
  record EndpointOutcome(
      String name, long delivered, long lost, long duplicates, long unacknowledged) {}

  static final String TABLE_HEADER =
      "| Crash | Kills | Restarts at first try | Restart to UP, median / max | Acknowledged"
          + " | Refused | Delivered healthy / slow / failing | Lost | Duplicates healthy / slow /"
          + " failing | Settled in |\n"
          + "|---|---|---|---|---|---|---|---|---|---|";

  long refused() {
    return refusals.values().stream().mapToLong(Long::longValue).sum();
  }

  long restartsAtFirstTry() {
    return restarts.stream().filter(Restart::atFirstTry).count();
  }

  long lost() {
    return endpoints.stream().mapToLong(EndpointOutcome::lost).sum();
  }

  Duration maxRestart() {
    return restarts.stream()
        .map(Restart::upIn)
        .max(Comparator.naturalOrder())
        .orElse(Duration.ZERO);
  }

  Duration medianRestart() {
    List<Duration> sorted = restarts.stream().map(Restart::upIn).sorted().toList();
    return sorted.isEmpty() ? Duration.ZERO : sorted.get(sorted.size() / 2);
  }

  /** Whether the drill passed: every restart at the first try, nothing lost, all settled. */
  boolean survived() {
    return restartsAtFirstTry() == plan.kills() && lost() == 0 && settled;
  }

  /** This report as a row of {@link #TABLE_HEADER}. */
  String row() {
    return String.join(
        " | ",
        "| " + plan.victim().description(),
        Integer.toString(plan.kills()),
        restartsAtFirstTry() + " of " + restarts.size(),
        seconds(medianRestart()) + " / " + seconds(maxRestart()),
        Long.toString(acknowledged),
        Long.toString(refused()),
        joined(EndpointOutcome::delivered),
        Long.toString(lost()),
        joined(EndpointOutcome::duplicates),
        (settled ? "" : "not settled after ") + seconds(settledIn) + " |");
  }

  /** The header and this row, then {@link #details()}. */
  String table() {
    return TABLE_HEADER + "\n" + row() + "\n" + details();
  }

  /** What a reader needs besides the row to repeat or investigate the run. */
  String details() {
    return plan.victim().description()
        + ": seed "
        + plan.seed()
        + ", "
        + plan.eventsPerSecond()
        + " events/s, restart attempts "
        + restarts.stream()
            .map(r -> Integer.toString(r.attempts()))
            .collect(Collectors.joining(","))
        + ", delivered without a 201 (healthy / slow / failing) "
        + joined(EndpointOutcome::unacknowledged)
        + ", not acknowledged "
        + refusals;
  }

  private String joined(java.util.function.ToLongFunction<EndpointOutcome> figure) {
    return endpoints.stream()
        .map(e -> Long.toString(figure.applyAsLong(e)))
        .collect(Collectors.joining(" / "));
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
