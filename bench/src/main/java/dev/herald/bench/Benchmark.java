package dev.herald.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.herald.harness.HeraldClient;
import dev.herald.harness.HeraldProcess;
import dev.herald.harness.Receiver;
import dev.herald.harness.Wait;
import io.r2dbc.spi.ConnectionFactories;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * Herald's benchmark: starts the packaged jar as its own process on PostgreSQL (embedded, or {@code
 * HERALD_DATABASE_URL}), runs W1–W6 against a local receiver, measures the machine's own limits L1
 * and L2 in the same run, and writes a Markdown table and the raw figures (JSON).
 *
 * <p>Usage: {@code java -jar bench/target/herald-bench.jar [--smoke] [--only
 * W1,W2,W2max,W3,W4,W5,W6,L] [--ingest-concurrency N] [--steady-seconds N] [--warm-up EVENTS]
 * [--jar api/target/herald.jar] [--out bench/results]}; {@code --warm-ups N} runs only the warm-up,
 * on N fresh Herald processes one after another, and reports how many stalled.
 */
public final class Benchmark {

  private static final Map<String, String> HERALD_SETTINGS =
      Map.of(
          // long enough that a few receiver timeouts in a row delay a delivery, never lose it
          "HERALD_WEBHOOKS_RETRY_SCHEDULE",
          "0s,1s,2s,5s,10s,30s,60s,120s",
          "HERALD_BOOTSTRAP_DEFAULT_PROJECT",
          "false",
          // one key for every run: an external database keeps the webhooks of earlier runs
          "HERALD_SECRETS_KEY",
          "YmVuY2htYXJrIG9ubHksIG5ldmVyIGZvciByZWFsIHU=");

  /** What {@code --only} can choose; {@code L} is the machine's limits, L1 and L2. */
  static final Set<String> WORKLOADS = Set.of("W1", "W2", "W2max", "W3", "W4", "W5", "W6", "L");

  private Benchmark() {}

  private static Set<String> workloads(String list) {
    Set<String> chosen = Set.of(list.split(","));
    if (!WORKLOADS.containsAll(chosen)) {
      throw new IllegalArgumentException(
          "--only takes a comma-separated list of " + new TreeSet<>(WORKLOADS) + ", was " + list);
    }
    return chosen;
  }

  public static void main(String[] args) throws Exception {
    // the load generator's event loops sized by the cores, as Herald sizes its own (Reactor Netty
    // would start at least four per resource, on two cores)
    if (System.getProperty("reactor.netty.ioWorkerCount") == null) {
      System.setProperty(
          "reactor.netty.ioWorkerCount",
          String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    Scale scale = Scale.FULL;
    Set<String> chosen = WORKLOADS;
    Integer ingestConcurrency = null;
    Integer steadySeconds = null;
    Integer warmUpEvents = null;
    Integer warmUps = null;
    Path jar =
        Files.exists(Path.of("api/target/herald.jar"))
            ? Path.of("api/target/herald.jar")
            : Path.of("../api/target/herald.jar");
    Path out = Files.exists(Path.of("bench")) ? Path.of("bench/results") : Path.of("results");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> scale = Scale.SMOKE;
        case "--only" -> chosen = workloads(args[++i]);
        case "--ingest-concurrency" -> ingestConcurrency = Integer.parseInt(args[++i]);
        case "--steady-seconds" -> steadySeconds = Integer.parseInt(args[++i]);
        case "--warm-up" -> warmUpEvents = Integer.parseInt(args[++i]);
        case "--warm-ups" -> warmUps = Integer.parseInt(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    scale = scale.adjusted(ingestConcurrency, steadySeconds, warmUpEvents);
    Path report =
        warmUps == null ? run(chosen, scale, jar, out) : warmUps(warmUps, scale, jar, out);
    System.out.println(Files.readString(report));
  }

  /**
   * The warm-up alone, {@code runs} times, each on a Herald process of its own (started as the full
   * run starts it, on the same database): the test of the intermittent stall, where a warm-up's
   * deliveries stopped arriving. A stalled run leaves its evidence (Herald's threads and metrics,
   * PostgreSQL's activity) and the next one goes on.
   */
  static Path warmUps(int runs, Scale scale, Path jar, Path out) throws Exception {
    Path work = Files.createTempDirectory("herald-bench");
    List<Double> seconds = new ArrayList<>();
    List<Integer> stalled = new ArrayList<>();
    try (BenchDatabase database = BenchDatabase.open(work);
        Receiver receiver = new Receiver()) {
      for (int run = 1; run <= runs; run++) {
        try (HeraldProcess herald =
            HeraldProcess.start(jar.toAbsolutePath(), database.url(), work, HERALD_SETTINGS)) {
          long start = System.nanoTime();
          try {
            new Workloads(herald.baseUrl(), receiver, scale, database.r2dbcUrl()).warmUp();
            seconds.add((System.nanoTime() - start) / 1e9);
          } catch (IllegalStateException stall) {
            stalled.add(run);
            leaveEvidence(herald, database, work);
          }
        }
        System.out.printf(
            "%tT warm-up %d of %d: %s%n",
            new java.util.Date(),
            run,
            runs,
            stalled.contains(run)
                ? "STALLED (evidence in " + work + ")"
                : String.format("%.1f s", seconds.get(seconds.size() - 1)));
      }
    }
    List<Double> sorted = seconds.stream().sorted().toList();
    String spread =
        sorted.isEmpty()
            ? "none finished"
            : String.format(
                "%.1f s median, %.1f s max",
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("runs", runs);
    raw.put("stalledRuns", stalled);
    raw.put("seconds", seconds);
    List<Row> rows =
        List.of(
            new Row(
                "warm-up × " + runs + " (" + scale.warmUpEvents() + " events each, fresh Herald)",
                stalled.size() + " stalled" + (stalled.isEmpty() ? "" : " (runs " + stalled + ")"),
                spread,
                "none stalled",
                stalled.isEmpty()));
    return write(scale, rows, Map.of("warmUps", raw), out);
  }

  /** Runs every workload at {@code scale}; returns the Markdown report's path. */
  static Path run(Scale scale, Path jar, Path out) throws Exception {
    return run(WORKLOADS, scale, jar, out);
  }

  /**
   * Runs the chosen workloads ({@link #WORKLOADS}) at {@code scale}, in the full run's order and on
   * the same database, and returns the Markdown report's path.
   */
  static Path run(Set<String> chosen, Scale scale, Path jar, Path out) throws Exception {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "no Herald jar at " + jar.toAbsolutePath() + " (build it: ./mvnw -DskipTests package)");
    }
    Path work = Files.createTempDirectory("herald-bench");
    Map<String, Object> raw = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    try (BenchDatabase database = BenchDatabase.open(work);
        Receiver receiver = new Receiver()) {
      Workloads.Result w2max = null;
      if (!Collections.disjoint(chosen, Set.of("W1", "W2", "W2max", "W3", "W4", "W6"))) {
        try (HeraldProcess herald =
            HeraldProcess.start(jar.toAbsolutePath(), database.url(), work, HERALD_SETTINGS)) {
          try {
            w2max = heraldWorkloads(chosen, scale, herald, receiver, database, raw, rows);
          } catch (IllegalStateException stalled) {
            leaveEvidence(herald, database, work);
            throw stalled;
          }
        }
      }
      if (chosen.contains("W5")) {
        Workloads.Result w5 = backlog(scale, jar, work, database, receiver);
        raw.put("W5", w5);
        rows.add(
            new Row(
                "W5 backlog (" + scale.backlogDeliveries() + " pending)",
                perSecond(w5.perSecond(), "deliveries/s"),
                "heap "
                    + w5.extra().get("heapAtStartMiB")
                    + " → peak "
                    + w5.extra().get("heapPeakMiB")
                    + " MiB",
                "heap flat while draining",
                null));
      }
      if (chosen.contains("L")) {
        limits(scale, database, receiver, w2max, raw, rows);
      }
    }
    return write(scale, rows, raw, out);
  }

  /** W1–W4 on one running Herald; returns W2 max (for the limits' ratios) or null. */
  private static Workloads.Result heraldWorkloads(
      Set<String> chosen,
      Scale scale,
      HeraldProcess herald,
      Receiver receiver,
      BenchDatabase database,
      Map<String, Object> raw,
      List<Row> rows) {
    Workloads.Result w2max = null;
    Workloads workloads = new Workloads(herald.baseUrl(), receiver, scale, database.r2dbcUrl());
    workloads.warmUp();
    if (chosen.contains("W1")) {
      ingest(workloads, scale, raw, rows);
    }
    Workloads.Result w2slow = null;
    if (chosen.contains("W2")) {
      w2slow = steady(workloads, raw, rows);
    }
    if (chosen.contains("W2max")) {
      w2max = workloads.maxRate();
      raw.put("W2max", w2max);
      rows.add(
          new Row(
              "W2 delivery, as fast as possible (" + scale.maxRateEvents() + " events)",
              perSecond(w2max.perSecond(), "deliveries/s")
                  + " ("
                  + w2max.extra().get("eventsPerSecond")
                  + " events/s, each with its meta-event)",
              w2max.latency().toString(),
              "≥ 2,000/s",
              w2max.perSecond() >= 2000));
      rows.add(rowWrites("W2 max", w2max));
    }
    if (chosen.contains("W3")) {
      fanOut(workloads, scale, raw, rows);
    }
    if (chosen.contains("W4")) {
      isolation(workloads, receiver, w2slow, raw, rows);
    }
    if (chosen.contains("W6")) {
      Workloads.settle(database.r2dbcUrl());
      streams(herald, scale, raw, rows);
    }
    return w2max;
  }

  /**
   * A W2 run's cost in the database: rows inserted, updated and deleted (PostgreSQL's own counts)
   * per delivery the receiver counted, the events' and the meta-events' alike.
   */
  private static Row rowWrites(String run, Workloads.Result result) {
    RowWrites.Measured written = (RowWrites.Measured) result.extra().get("rowWrites");
    return new Row(
        run + ", durable row writes per delivery (`*` webhook, pg_stat_user_tables)",
        String.format(
            "%.2f (%,d rows for %,d deliveries)",
            written.perDelivery(), RowWrites.total(written.tables()), written.deliveries()),
        RowWrites.perUnit(written.tables(), written.deliveries()),
        "≤ 2.5",
        written.perDelivery() <= 2.5);
  }

  /** When a workload stalls: Herald's threads and metrics, and what PostgreSQL is doing. */
  private static void leaveEvidence(HeraldProcess herald, BenchDatabase database, Path work) {
    herald.dumpDiagnostics();
    dumpDatabase(database, work);
  }

  /** When a workload stalls: what PostgreSQL is doing, and the deliveries by status. */
  private static void dumpDatabase(BenchDatabase database, Path work) {
    Path file = work.resolve("database-" + System.currentTimeMillis() + ".txt");
    try {
      String state =
          Flux.usingWhen(
                  ConnectionFactories.get(database.r2dbcUrl()).create(),
                  connection ->
                      Flux.concat(
                          Flux.from(
                                  connection
                                      .createStatement(
                                          "SELECT pid, state, wait_event_type, wait_event,"
                                              + " now() - xact_start AS in_transaction,"
                                              + " left(query, 200) AS query FROM pg_stat_activity"
                                              + " WHERE datname = current_database()")
                                      .execute())
                              .flatMap(result -> result.map((row, meta) -> rowText(row, meta))),
                          Flux.from(
                                  connection
                                      .createStatement(
                                          "SELECT status, count(*) AS n,"
                                              + " count(*) FILTER (WHERE lease_until > now())"
                                              + " AS leased FROM deliveries GROUP BY status")
                                      .execute())
                              .flatMap(result -> result.map((row, meta) -> rowText(row, meta)))),
                  io.r2dbc.spi.Connection::close)
              .collectList()
              .map(lines -> String.join("\n", lines))
              .block(Duration.ofSeconds(30));
      Files.writeString(file, state);
      System.err.println("The database when the workload stalled: " + file);
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not dump the database's state: " + e);
    }
  }

  private static String rowText(io.r2dbc.spi.Row row, io.r2dbc.spi.RowMetadata meta) {
    StringBuilder text = new StringBuilder();
    for (var column : meta.getColumnMetadatas()) {
      text.append(column.getName()).append('=').append(row.get(column.getName())).append(' ');
    }
    return text.toString();
  }

  private static void ingest(
      Workloads workloads, Scale scale, Map<String, Object> raw, List<Row> rows) {
    Workloads.Result w1 = workloads.ingest();
    raw.put("W1", w1);
    rows.add(
        new Row(
            "W1 ingest ("
                + scale.ingestEvents()
                + " events, "
                + scale.ingestConcurrency()
                + " concurrent)",
            perSecond(w1.perSecond(), "events/s"),
            w1.latency().toString(),
            "≥ 3,000/s, p99 ≤ 25 ms",
            w1.perSecond() >= 3000 && w1.latency().p99() <= 25));
    Workloads.Result w1saturated = workloads.ingest(2 * scale.ingestConcurrency());
    raw.put("W1x2", w1saturated);
    rows.add(
        new Row(
            "W1 ingest, "
                + 2 * scale.ingestConcurrency()
                + " concurrent (past the knee: more throughput, longer tail)",
            perSecond(w1saturated.perSecond(), "events/s"),
            w1saturated.latency().toString(),
            "",
            null));
  }

  /** W2 at 200 and at 1,000 events/s; returns the 200/s result (W4 compares with it). */
  private static Workloads.Result steady(
      Workloads workloads, Map<String, Object> raw, List<Row> rows) {
    Workloads.Result w2slow = workloads.steady("/w2at200", 200);
    raw.put("W2@200", w2slow);
    rows.add(
        new Row(
            "W2 delivery at 200 events/s",
            w2slow.extra().get("delivered") + " delivered",
            w2slow.latency().toString(),
            "p95 ≤ 50 ms",
            w2slow.latency().p95() <= 50));
    rows.add(rowWrites("W2 at 200 events/s", w2slow));
    Workloads.Result w2fast = workloads.steady("/w2at1000", 1000);
    raw.put("W2@1000", w2fast);
    rows.add(
        new Row(
            "W2 delivery at 1,000 events/s",
            w2fast.extra().get("delivered") + " delivered",
            w2fast.latency().toString(),
            "",
            null));
    return w2slow;
  }

  private static void fanOut(
      Workloads workloads, Scale scale, Map<String, Object> raw, List<Row> rows) {
    Workloads.Result w3 = workloads.fanOut();
    raw.put("W3", w3);
    rows.add(
        new Row(
            "W3 fan-out ("
                + scale.fanoutWebhooks()
                + " webhooks × "
                + scale.fanoutEvents()
                + " events)",
            w3.extra().get("deliveries")
                + " in "
                + String.format("%.1f s", Workloads.seconds(w3.elapsed()))
                + ", "
                + perSecond(w3.perSecond(), "deliveries/s"),
            w3.latency().toString(),
            "100,000 in ≤ 60 s",
            scale.fanoutWebhooks() * scale.fanoutEvents() >= 100_000
                ? Workloads.seconds(w3.elapsed()) <= 60
                : null));
  }

  /** W4; compared with W2 at 200/s when that ran too. */
  private static void isolation(
      Workloads workloads,
      Receiver receiver,
      Workloads.Result w2slow,
      Map<String, Object> raw,
      List<Row> rows) {
    receiver.answer("/w4hang", Receiver.Mode.HANG);
    Workloads.Result w4 = workloads.steady("/w4healthy", 200, receiver.url("/w4hang"));
    raw.put("W4", w4);
    String measured = "healthy p99 " + String.format("%.1f ms", w4.latency().p99());
    Boolean met = null;
    if (w2slow != null) {
      measured += " vs " + String.format("%.1f ms", w2slow.latency().p99());
      met = w4.latency().p99() <= 2 * Math.max(w2slow.latency().p99(), 1);
    }
    rows.add(
        new Row(
            "W4 isolation: W2 at 200/s beside a hanging webhook",
            measured,
            w4.latency().toString(),
            "within 2× of W2",
            met));
  }

  /** W6: API p99 beside open streams with events flowing, against none. */
  private static void streams(
      HeraldProcess herald, Scale scale, Map<String, Object> raw, List<Row> rows) {
    Streams.Result w6 = Streams.run(herald.baseUrl(), scale);
    raw.put("W6", w6);
    String phases = w6.streams() + " streams, " + Streams.RATE + " events/s";
    rows.add(
        new Row(
            "W6 GET /v1/webhooks beside " + phases,
            String.format(
                "p99 %.1f → %.1f ms (%.2f×)",
                w6.idle().list().p99(), w6.busy().list().p99(), w6.listRatio()),
            w6.busy().list().toString(),
            "p99 within 2× of none",
            w6.listRatio() <= 2));
    rows.add(
        new Row(
            "W6 POST /v1/events beside " + phases,
            String.format(
                "p99 %.1f → %.1f ms (%.2f×)",
                w6.idle().publish().p99(), w6.busy().publish().p99(), w6.publishRatio()),
            w6.busy().publish().toString(),
            "p99 within 2× of none",
            w6.publishRatio() <= 2));
    rows.add(
        new Row(
            "W6 events received by the streams",
            String.format(
                "%,d of %,d (%d of %d streams opened, %d ended early)",
                w6.received(), w6.expected(), w6.opened(), w6.streams(), w6.ended()),
            "",
            "every stream every event",
            w6.received() >= w6.expected() && w6.ended() == 0 && w6.opened() == w6.streams()));
  }

  /** L1 and L2; Herald's W2 max rate as a ratio of each when W2 max ran too. */
  private static void limits(
      Scale scale,
      BenchDatabase database,
      Receiver receiver,
      Workloads.Result w2max,
      Map<String, Object> raw,
      List<Row> rows) {
    double l1 = Limits.rawHttpPerSecond(receiver, scale.rawRequests(), Workloads.event(0));
    double l2 =
        Limits.durableInsertsPerSecond(database.r2dbcUrl(), scale.rawRows(), Workloads.event(0));
    raw.put("L1", l1);
    raw.put("L2", l2);
    rows.add(
        new Row(
            "L1 raw HTTP POSTs (same client, same receiver)",
            perSecond(l1, "requests/s"),
            "",
            "",
            null));
    rows.add(
        new Row(
            "L2 durable inserts (same driver, 100 rows/transaction)",
            perSecond(l2, "rows/s"),
            "",
            "",
            null));
    if (w2max != null) {
      rows.add(
          new Row(
              "W2 max ÷ L1",
              String.format("%.2f", w2max.perSecond() / l1),
              "",
              "≥ 0.4",
              w2max.perSecond() / l1 >= 0.4));
      rows.add(new Row("W2 max ÷ L2", String.format("%.2f", w2max.perSecond() / l2), "", "", null));
    }
  }

  private static Workloads.Result backlog(
      Scale scale, Path jar, Path work, BenchDatabase database, Receiver receiver)
      throws Exception {
    String webhookId;
    try (HeraldProcess herald =
        HeraldProcess.start(jar.toAbsolutePath(), database.url(), work, HERALD_SETTINGS)) {
      HeraldClient client = new HeraldClient(herald.baseUrl(), 4);
      client.createProject();
      webhookId = client.createWebhook(receiver.url("/w5"), "message.created");
    }
    Backlog.write(
        database.r2dbcUrl(),
        webhookId,
        scale.backlogDeliveries(),
        Workloads.event(0).replaceAll(".*\"data\":(\\{.*\\})}$", "$1"));
    Workloads.settle(database.r2dbcUrl());
    ConcurrentLinkedQueue<Double> heap = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    try (HeraldProcess herald =
        HeraldProcess.start(jar.toAbsolutePath(), database.url(), work, HERALD_SETTINGS)) {
      HeraldClient client = new HeraldClient(herald.baseUrl(), 4);
      Disposable sampling =
          Flux.interval(Duration.ZERO, Duration.ofMillis(250))
              .concatMap(t -> client.heapUsed().onErrorComplete())
              .subscribe(heap::add);
      try {
        Wait.untilOrFail(
            () -> receiver.count("/w5") >= scale.backlogDeliveries(),
            Duration.ofSeconds(120 + scale.backlogDeliveries() / 200));
      } finally {
        sampling.dispose();
      }
    }
    List<Receiver.Arrival> arrivals = receiver.received("/w5");
    long first = arrivals.stream().mapToLong(Receiver.Arrival::arrivalMillis).min().orElse(0);
    long last = arrivals.stream().mapToLong(Receiver.Arrival::arrivalMillis).max().orElse(0);
    double drainSeconds = Math.max(0.001, (last - first) / 1000.0);
    double startHeap = heap.stream().findFirst().orElse(0.0) / (1 << 20);
    double peakHeap = heap.stream().mapToDouble(Double::doubleValue).max().orElse(0) / (1 << 20);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("heapAtStartMiB", Math.round(startHeap));
    extra.put("heapPeakMiB", Math.round(peakHeap));
    extra.put("heapSamples", heap.size());
    extra.put("drainSeconds", drainSeconds);
    return new Workloads.Result(
        scale.backlogDeliveries() / drainSeconds,
        Latencies.of(List.of()),
        Duration.ofNanos(System.nanoTime() - start),
        extra);
  }

  private static Path write(Scale scale, List<Row> rows, Map<String, Object> raw, Path out)
      throws IOException {
    Files.createDirectories(out);
    String commit = git();
    int cores = Runtime.getRuntime().availableProcessors();
    long memory =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
    StringBuilder md = new StringBuilder();
    md.append("# Herald benchmark (").append(scale.name()).append(" run)\n\n");
    md.append(
        String.format(
            "Commit %s, %s; %d cores, %.1f GiB memory; Herald, PostgreSQL, receiver and load generator on this one machine.%n%n",
            commit, Instant.now(), cores, memory / (double) (1L << 30)));
    md.append("| workload | measured | latency | target | |\n| --- | --- | --- | --- | --- |\n");
    rows.forEach(row -> md.append(row.markdown()).append('\n'));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scale", scale.name());
    json.put("commit", commit);
    json.put("cores", cores);
    json.put("memoryBytes", memory);
    json.put("results", raw);
    Path report = out.resolve("bench-" + scale.name() + "-" + stamp + ".md");
    Files.writeString(report, md.toString());
    Files.writeString(
        out.resolve("bench-" + scale.name() + "-" + stamp + ".json"),
        JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return report;
  }

  private static String perSecond(double value, String unit) {
    return String.format("%,.0f %s", value, unit);
  }

  private static String git() {
    try {
      Process process =
          new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
              .redirectErrorStream(true)
              .start();
      String text = new String(process.getInputStream().readAllBytes()).trim();
      return process.waitFor() == 0 ? text : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }
}
