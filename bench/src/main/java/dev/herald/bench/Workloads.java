package dev.herald.bench;

import dev.herald.harness.HeraldClient;
import dev.herald.harness.Receiver;
import dev.herald.harness.Wait;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The five workloads, each against a fresh project of the running Herald. */
final class Workloads {

  static final String PAYLOAD_TYPE = "message.created";

  private final String baseUrl;
  private final Receiver receiver;
  private final Scale scale;
  private final String r2dbcUrl;

  Workloads(String baseUrl, Receiver receiver, Scale scale, String r2dbcUrl) {
    this.baseUrl = baseUrl;
    this.receiver = receiver;
    this.scale = scale;
    this.r2dbcUrl = r2dbcUrl;
  }

  /** A ~1 KiB message.created event. */
  static String event(int i) {
    return "{\"type\":\"message.created\",\"resourceId\":\"session:bench\",\"source\":\"bench\","
        + "\"data\":{\"messageId\":\"m-"
        + i
        + "\",\"sessionId\":\"bench\",\"participantId\":\"p1\","
        + "\"content\":\""
        + "Hello everyone, let's get started. ".repeat(26)
        + "\"}}";
  }

  private HeraldClient project() {
    HeraldClient client = new HeraldClient(baseUrl, 128);
    client.createProject();
    return client;
  }

  /** What one workload measured. */
  record Result(double perSecond, Latencies latency, Duration elapsed, Map<String, Object> extra) {}

  /**
   * Not measured: runs events through every path (ingest with and without subscribers, fan-out,
   * dispatch, recording) so the workloads measure Herald with its code compiled by the JIT, not its
   * first seconds. Half the events go to a {@code *} webhook (awaited to the last meta-event's
   * delivery), half to a project nobody subscribes to (W1's path).
   */
  private static final AtomicInteger WARM_UPS = new AtomicInteger();

  void warmUp() {
    HeraldClient subscribed = project();
    // a path of its own, so that warm-ups repeated against one receiver count apart
    String path = "/warm-up/" + WARM_UPS.incrementAndGet() + "/";
    subscribed.createWebhook(receiver.url(path + "hook"), "*");
    int events = scale.warmUpEvents() / 2;
    Flux.range(0, events).flatMap(i -> subscribed.publish(event(i)), 32).blockLast();
    HeraldClient unsubscribed = project();
    Flux.range(0, events)
        .flatMap(i -> unsubscribed.publish(event(i)), scale.ingestConcurrency())
        .blockLast();
    // every event's delivery, and the meta-event each delivery announces: none left to compete
    Wait.untilOrFail(
        () -> receiver.count(path) >= 2L * events, Duration.ofSeconds(60 + events / 50));
  }

  /**
   * Lets the database settle before a measured workload, as pgbench vacuums before its runs: {@code
   * VACUUM (ANALYZE)} and a {@code CHECKPOINT}, so that the clean-up of the previous workload's
   * burst (autovacuum over hundreds of thousands of new and updated rows, which kept PostgreSQL
   * busy at a full core for seconds) does not land in this workload's figures.
   */
  static void settle(String r2dbcUrl) {
    long start = System.nanoTime();
    Mono.usingWhen(
            Mono.from(ConnectionFactories.get(r2dbcUrl).create()),
            c ->
                Flux.concat(
                        Flux.from(c.createStatement("VACUUM (ANALYZE)").execute()),
                        Flux.from(c.createStatement("CHECKPOINT").execute()))
                    .concatMap(result -> result.getRowsUpdated())
                    .then(),
            Connection::close)
        .block();
    System.out.printf(
        "%tT database settled (VACUUM ANALYZE, CHECKPOINT) in %.1f s%n",
        new java.util.Date(), (System.nanoTime() - start) / 1e9);
  }

  /** W1: concurrent POST /v1/events, nobody subscribed. */
  Result ingest() {
    return ingest(scale.ingestConcurrency());
  }

  /** W1 with {@code concurrency} requests in flight. */
  Result ingest(int concurrency) {
    settle(r2dbcUrl);
    HeraldClient herald = project();
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    Flux.range(0, scale.ingestEvents())
        .flatMap(i -> herald.publish(event(i)).doOnNext(latencies::add), concurrency)
        .blockLast();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Result(
        scale.ingestEvents() / seconds(elapsed), Latencies.of(latencies), elapsed, Map.of());
  }

  /** W2 at a steady rate: event → receiver latency of one {@code *} webhook. */
  Result steady(String path, int perSecond, String... extraWebhookUrls) {
    settle(r2dbcUrl);
    HeraldClient herald = project();
    String webhookId = herald.createWebhook(receiver.url(path), "*");
    for (String url : extraWebhookUrls) {
      herald.createWebhook(url, PAYLOAD_TYPE);
    }
    int events = perSecond * scale.steadySeconds();
    int perTick = Math.max(1, perSecond / 100);
    int ticks = events / perTick;
    RowWrites.Snapshot before = RowWrites.now(r2dbcUrl);
    long start = System.nanoTime();
    Flux.interval(Duration.ofMillis(10))
        .take(ticks)
        .flatMap(
            tick ->
                Flux.range(0, perTick)
                    .flatMap(i -> herald.publish(event((int) (tick * perTick + i)))),
            256)
        .blockLast();
    Wait.untilOrFail(
        () -> payloadArrivals(path).size() >= ticks * perTick,
        Duration.ofSeconds(60 + events / 100));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    List<Receiver.Arrival> arrivals = payloadArrivals(path);
    RowWrites.Measured written =
        new RowWrites.Measured(
            RowWrites.since(r2dbcUrl, before, scale.statsStill()), receiver.count(path));
    return new Result(
        arrivals.size() / seconds(elapsed),
        Latencies.of(arrivals.stream().map(Receiver.Arrival::latencyMillis).toList()),
        elapsed,
        Map.of(
            "events",
            ticks * perTick,
            "delivered",
            arrivals.size(),
            "rate",
            perSecond,
            "retriedAmongLast100",
            retried(herald, webhookId),
            "rowWrites",
            written,
            "stagesMs",
            Stages.of(r2dbcUrl, herald.projectId())));
  }

  /**
   * W2 as fast as possible: deliveries per second sustained (the events', and the meta-events' that
   * the {@code *} webhook receives as well).
   */
  Result maxRate() {
    settle(r2dbcUrl);
    HeraldClient herald = project();
    herald.createWebhook(receiver.url("/w2max"), "*");
    int events = scale.maxRateEvents();
    RowWrites.Snapshot before = RowWrites.now(r2dbcUrl);
    long start = System.nanoTime();
    Flux.range(0, events).flatMap(i -> herald.publish(event(i)), 64).blockLast();
    Wait.untilOrFail(
        () -> payloadArrivals("/w2max").size() >= events, Duration.ofSeconds(60 + events / 100));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    List<Receiver.Arrival> arrivals = payloadArrivals("/w2max");
    // the * webhook also receives each delivery's webhook.delivery.updated: deliveries too
    long delivered = receiver.count("/w2max");
    // the rows of every delivery, counted once all of them (the meta-events' last) are done
    RowWrites.Measured written =
        new RowWrites.Measured(
            RowWrites.since(r2dbcUrl, before, scale.statsStill()), receiver.count("/w2max"));
    return new Result(
        delivered / seconds(elapsed),
        Latencies.of(arrivals.stream().map(Receiver.Arrival::latencyMillis).toList()),
        elapsed,
        Map.of(
            "events",
            events,
            "eventsPerSecond",
            Math.round(events / seconds(elapsed)),
            "deliveriesIncludingMetaEvents",
            delivered,
            "rowWrites",
            written,
            "stagesMs",
            Stages.of(r2dbcUrl, herald.projectId())));
  }

  /** W3: many webhooks on one type; every event to each of them. */
  Result fanOut() {
    settle(r2dbcUrl);
    HeraldClient herald = project();
    for (int w = 0; w < scale.fanoutWebhooks(); w++) {
      herald.createWebhook(receiver.url("/w3/" + w), PAYLOAD_TYPE);
    }
    long expected = (long) scale.fanoutWebhooks() * scale.fanoutEvents();
    long start = System.nanoTime();
    Flux.range(0, scale.fanoutEvents()).flatMap(i -> herald.publish(event(i)), 32).blockLast();
    Wait.untilOrFail(
        () -> receiver.count("/w3/") >= expected, Duration.ofSeconds(120 + expected / 200));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Result(
        expected / seconds(elapsed),
        Latencies.of(
            receiver.received("/w3/").stream().map(Receiver.Arrival::latencyMillis).toList()),
        elapsed,
        Map.of(
            "webhooks",
            scale.fanoutWebhooks(),
            "events",
            scale.fanoutEvents(),
            "deliveries",
            expected));
  }

  /** How many of the webhook's last 100 deliveries needed more than one attempt, and why. */
  private static String retried(HeraldClient herald, String webhookId) {
    String page = herald.get("/v1/deliveries?limit=100&webhookId=" + webhookId).block();
    java.util.regex.Matcher attempts =
        java.util.regex.Pattern.compile("\"attempt\":(\\d+)").matcher(page);
    int retried = 0;
    while (attempts.find()) {
      if (Integer.parseInt(attempts.group(1)) > 1) {
        retried++;
      }
    }
    java.util.regex.Matcher error =
        java.util.regex.Pattern.compile("\"lastError\":\"([^\"]*)\"").matcher(page);
    return retried + (error.find() ? " (e.g. " + error.group(1) + ")" : "");
  }

  private List<Receiver.Arrival> payloadArrivals(String path) {
    return receiver.received(path).stream().filter(a -> a.type().equals(PAYLOAD_TYPE)).toList();
  }

  static double seconds(Duration elapsed) {
    return elapsed.toNanos() / 1e9;
  }
}
