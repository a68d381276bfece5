package dev.herald.bench;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Open SSE streams against API latency (issue D12: "500 open streams with events flowing keep API
 * p99 within 2× of none"), run by hand against a running Herald with the admin API on:
 *
 * <pre>{@code
 * java -cp bench/target/herald-bench.jar -Dloader.main=dev.herald.bench.StreamLoad \
 *   org.springframework.boot.loader.launch.PropertiesLauncher \
 *   --url http://localhost:8080 --admin-token T [--streams 500] [--rate 20] [--seconds 30]
 * }</pre>
 *
 * <p>Creates a project with one key per 100 streams (the default per-key limit), publishes {@code
 * --rate} events/s, and meanwhile measures {@code GET /v1/webhooks} and {@code POST /v1/events} one
 * after another: first with no stream open, then with {@code --streams} open.
 */
final class StreamLoad {

  private static final Pattern API_KEY = Pattern.compile("\"apiKey\":\"([^\"]+)\"");
  private static final Pattern PROJECT = Pattern.compile("\"projectId\":\"([^\"]+)\"");
  private static final String EVENT =
      "{\"type\":\"message.created\",\"resourceId\":\"session:bench\",\"source\":\"bench\","
          + "\"data\":{\"messageId\":\"m\",\"sessionId\":\"bench\",\"content\":\"hello\"}}";

  private final String url;
  private final HttpClient api;

  private StreamLoad(String url) {
    this.url = url;
    this.api =
        HttpClient.create(ConnectionProvider.builder("api").maxConnections(8).build())
            .responseTimeout(Duration.ofSeconds(30));
  }

  public static void main(String[] args) {
    String url = "http://localhost:8080";
    String admin = null;
    int streams = 500;
    int rate = 20;
    int seconds = 30;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = args[++i];
        case "--admin-token" -> admin = args[++i];
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (admin == null) {
      throw new IllegalArgumentException("--admin-token is needed (to create the project)");
    }
    new StreamLoad(url).run(admin, streams, rate, Duration.ofSeconds(seconds));
  }

  private void run(String admin, int streams, int rate, Duration measure) {
    String project = post("/admin/projects", "{\"name\":\"stream load\"}", admin).block();
    String projectId = match(PROJECT, project);
    List<String> keys = new ArrayList<>(List.of(match(API_KEY, project)));
    while (keys.size() * 100 < streams) {
      keys.add(match(API_KEY, post("/admin/projects/" + projectId + "/keys", "", admin).block()));
    }
    String key = keys.get(0);

    Measured idle = measure(key, rate, measure);
    System.out.println("0 streams:   " + idle);

    AtomicInteger opened = new AtomicInteger();
    AtomicLong received = new AtomicLong();
    List<Disposable> open = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      open.add(stream(keys.get(i / 100), opened, received));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (opened.get() < streams && System.nanoTime() < deadline) {
      Mono.delay(Duration.ofMillis(100)).block();
    }
    System.out.println(opened.get() + " streams open");
    long before = received.get();
    Measured busy = measure(key, rate, measure);
    System.out.println(streams + " streams: " + busy);
    System.out.println(
        "events received by the streams while measured: "
            + (received.get() - before)
            + " (published "
            + busy.published()
            + " x "
            + opened.get()
            + " streams = "
            + busy.published() * opened.get()
            + ")");
    System.out.printf(
        "p99 ratio GET /v1/webhooks %.2f, POST /v1/events %.2f%n",
        busy.list().p99() / idle.list().p99(), busy.publish().p99() / idle.publish().p99());
    open.forEach(Disposable::dispose);
  }

  /** Latencies while events flow at {@code rate}/s for {@code length}. */
  record Measured(Latencies list, Latencies publish, int published) {

    @Override
    public String toString() {
      return "GET /v1/webhooks " + list + "; POST /v1/events " + publish;
    }
  }

  private Measured measure(String key, int rate, Duration length) {
    int events = (int) (rate * length.toSeconds());
    ConcurrentLinkedQueue<Double> publishLatencies = new ConcurrentLinkedQueue<>();
    Disposable publishing =
        Flux.interval(Duration.ofMillis(1000 / rate))
            .take(events)
            .flatMap(tick -> timed(post("/v1/events", EVENT, key)), 8)
            .subscribe(publishLatencies::add);
    List<Double> listLatencies = new ArrayList<>();
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      listLatencies.add(timed(get("/v1/webhooks", key)).block());
      Mono.delay(Duration.ofMillis(20)).block();
    }
    while (publishLatencies.size() < events && !publishing.isDisposed()) {
      Mono.delay(Duration.ofMillis(50)).block();
    }
    publishing.dispose();
    return new Measured(
        Latencies.of(listLatencies), Latencies.of(publishLatencies), publishLatencies.size());
  }

  private Disposable stream(String key, AtomicInteger opened, AtomicLong received) {
    return HttpClient.create(ConnectionProvider.newConnection())
        .headers(h -> h.set("Authorization", "Bearer " + key).set("Accept", "text/event-stream"))
        .get()
        .uri(url + "/v1/events/stream")
        .response(
            (response, body) -> {
              if (response.status().code() == 200) {
                opened.incrementAndGet();
              }
              return body.asString(StandardCharsets.UTF_8)
                  .doOnNext(chunk -> received.addAndGet(count(chunk, "\nid:")));
            })
        .subscribe(chunk -> {}, error -> System.err.println("stream ended: " + error));
  }

  private static long count(String text, String what) {
    long n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    // a chunk may start with the id line
    return n + (text.startsWith(what.substring(1)) ? 1 : 0);
  }

  private static Mono<Double> timed(Mono<String> call) {
    return Mono.defer(
        () -> {
          long start = System.nanoTime();
          return call.map(body -> (System.nanoTime() - start) / 1e6);
        });
  }

  private Mono<String> get(String path, String key) {
    return api.headers(h -> h.set("Authorization", "Bearer " + key))
        .get()
        .uri(url + path)
        .responseSingle((response, body) -> body.asString().defaultIfEmpty(""));
  }

  private Mono<String> post(String path, String json, String bearer) {
    return api.headers(
            h -> h.set("Authorization", "Bearer " + bearer).set("Content-Type", "application/json"))
        .post()
        .uri(url + path)
        .send(Mono.just(Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8))))
        .responseSingle((response, body) -> body.asString().defaultIfEmpty(""));
  }

  private static String match(Pattern pattern, String body) {
    Matcher matcher = pattern.matcher(body);
    if (!matcher.find()) {
      throw new IllegalStateException("no " + pattern + " in " + body);
    }
    return matcher.group(1);
  }
}
