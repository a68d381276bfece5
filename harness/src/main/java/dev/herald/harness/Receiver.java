package dev.herald.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A minimal, fast webhook receiver: answers 204 (or hangs, or 503, or 204 after a pause, per path
 * prefix) and records every delivery once, by path and {@code webhook-id}, with its arrival time
 * and the event's own timestamp, so latency is event → arrival; a delivery that arrives again is
 * counted as a duplicate.
 */
public final class Receiver implements AutoCloseable {

  /** How the receiver answers a path. */
  public enum Mode {
    OK,
    HANG,
    DOWN
  }

  /** One delivery as it arrived. */
  public record Arrival(
      String path, String webhookId, String type, long eventMillis, long arrivalMillis) {

    /** From the event's timestamp to its arrival here. */
    public long latencyMillis() {
      return arrivalMillis - eventMillis;
    }
  }

  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"([^\"]+)\"");
  private static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");

  private final Map<String, Mode> modes = new ConcurrentHashMap<>();
  private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Arrival> ordered = new ConcurrentLinkedQueue<>();
  private final Map<String, Duration> delays = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> perPath = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> duplicates = new ConcurrentHashMap<>();
  private final DisposableServer server;

  /** Listens on a free loopback port. */
  public Receiver() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> nextTurn(request, () -> answer(request, response)))
            .bindNow(Duration.ofSeconds(10));
  }

  /**
   * Answers on the next turn of the connection's event loop, never within the read that received
   * the request: Reactor Netty 1.3.6 stops reading a keep-alive connection when a request that
   * arrived while the previous answer was finishing is answered within that read
   * (reactor/reactor-netty#4361, which Herald's own NextTurnFilter works around too); Herald's next
   * delivery on that connection would then wait out its timeout.
   */
  private static Mono<Void> nextTurn(Object request, Supplier<Mono<Void>> answer) {
    if (!(request instanceof Connection connection)) {
      return Mono.defer(answer);
    }
    return Mono.defer(answer)
        .subscribeOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
  }

  private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
    return request
        .receive()
        .aggregate()
        .asString(StandardCharsets.UTF_8)
        .defaultIfEmpty("")
        .flatMap(
            body -> {
              String path = request.path();
              Mode mode = modeOf("/" + path);
              if (mode == Mode.HANG) {
                return Mono.never();
              }
              if (mode == Mode.DOWN) {
                return response.status(503).send().then();
              }
              record("/" + path, request.requestHeaders().get("webhook-id"), body);
              Duration delay = delayOf("/" + path);
              Mono<Void> answer = response.status(204).send().then();
              return delay.isZero() ? answer : Mono.delay(delay).then(answer);
            });
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** The URL of {@code path} on this receiver. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Paths starting with {@code prefix} answer as {@code mode}. */
  public void answer(String prefix, Mode mode) {
    modes.put(prefix, mode);
  }

  /**
   * Paths starting with {@code prefix} that answer 204 do so after {@code delay} (the delivery is
   * recorded when it arrives).
   */
  public void delay(String prefix, Duration delay) {
    delays.put(prefix, delay);
  }

  private Mode modeOf(String path) {
    return byPrefix(modes, path, Mode.OK);
  }

  private Duration delayOf(String path) {
    return byPrefix(delays, path, Duration.ZERO);
  }

  private static <T> T byPrefix(Map<String, T> settings, String path, T otherwise) {
    return settings.entrySet().stream()
        .filter(e -> path.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(otherwise);
  }

  private void record(String path, String webhookId, String body) {
    long now = System.currentTimeMillis();
    Matcher timestamp = TIMESTAMP.matcher(body);
    Matcher type = TYPE.matcher(body);
    long eventMillis =
        timestamp.find() ? java.time.Instant.parse(timestamp.group(1)).toEpochMilli() : now;
    Arrival arrival =
        new Arrival(path, webhookId, type.find() ? type.group(1) : "", eventMillis, now);
    if (arrivals.putIfAbsent(path + "|" + webhookId, arrival) == null) {
      ordered.add(arrival);
      perPath.computeIfAbsent(path, p -> new LongAdder()).increment();
    } else {
      duplicates.computeIfAbsent(path, p -> new LongAdder()).increment();
    }
  }

  /** Whether the event {@code webhookId} has arrived on exactly {@code path}. */
  public boolean hasReceived(String path, String webhookId) {
    return arrivals.containsKey(path + "|" + webhookId);
  }

  /** Distinct deliveries received on paths starting with {@code prefix}. */
  public List<Arrival> received(String prefix) {
    return ordered.stream().filter(a -> a.path().startsWith(prefix)).toList();
  }

  /** How many distinct deliveries arrived on paths starting with {@code prefix}. */
  public long count(String prefix) {
    return sum(perPath, prefix);
  }

  /** How many deliveries arrived again (same path and {@code webhook-id}) under {@code prefix}. */
  public long duplicates(String prefix) {
    return sum(duplicates, prefix);
  }

  private static long sum(Map<String, LongAdder> counters, String prefix) {
    return counters.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
