package dev.herald.bench;

/** How much each workload does: the full run, or a smoke run that only proves it still works. */
record Scale(
    String name,
    int ingestEvents,
    int ingestConcurrency,
    int steadySeconds,
    int maxRateEvents,
    int fanoutWebhooks,
    int fanoutEvents,
    int backlogDeliveries,
    int rawRequests,
    int rawRows,
    int warmUpEvents,
    int streams,
    int streamSeconds) {

  static final Scale FULL =
      new Scale(
          "full", 50_000, 32, 10, 20_000, 100, 1_000, 200_000, 50_000, 200_000, 40_000, 500, 30);

  /** This scale with the given settings changed ({@code null}: unchanged). */
  Scale adjusted(Integer ingestConcurrency, Integer steadySeconds, Integer warmUpEvents) {
    return new Scale(
        name,
        ingestEvents,
        ingestConcurrency == null ? this.ingestConcurrency : ingestConcurrency,
        steadySeconds == null ? this.steadySeconds : steadySeconds,
        maxRateEvents,
        fanoutWebhooks,
        fanoutEvents,
        backlogDeliveries,
        rawRequests,
        rawRows,
        warmUpEvents == null ? this.warmUpEvents : warmUpEvents,
        streams,
        streamSeconds);
  }

  /**
   * How long PostgreSQL's row counts must stand still before {@link RowWrites} reads them: longer
   * than the 10 s within which an idle backend reports, except in the smoke run, which only shows
   * that the measurement works.
   */
  java.time.Duration statsStill() {
    return java.time.Duration.ofSeconds("smoke".equals(name) ? 2 : 11);
  }

  static final Scale SMOKE =
      new Scale("smoke", 300, 16, 1, 300, 5, 20, 1_000, 1_000, 2_000, 100, 10, 2);
}
