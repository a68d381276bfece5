package dev.herald.harness;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Talks to Herald's public API with Reactor Netty's HTTP client (the client Herald itself uses for
 * webhooks, so the L1 limit measures the same stack).
 */
public final class HeraldClient {

  private static final Pattern API_KEY = Pattern.compile("\"apiKey\":\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern HEAP =
      Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+]+)");

  private static final LoopResources STREAM_LOOPS =
      LoopResources.create("streams", Runtime.getRuntime().availableProcessors(), true);

  private final HttpClient http;
  private final String baseUrl;
  private String apiKey;
  private String projectId;

  /** A client of the Herald at {@code baseUrl} with at most {@code connections} open. */
  public HeraldClient(String baseUrl, int connections) {
    this.baseUrl = baseUrl;
    this.http =
        HttpClient.create(
                ConnectionProvider.builder("bench")
                    .maxConnections(connections)
                    .pendingAcquireMaxCount(-1)
                    .build())
            .responseTimeout(Duration.ofSeconds(60));
  }

  /** A plain client for raw POSTs (the L1 limit). */
  public static HttpClient raw(int connections) {
    return HttpClient.create(
        ConnectionProvider.builder("raw")
            .maxConnections(connections)
            .pendingAcquireMaxCount(-1)
            .build());
  }

  /** Creates a project through the admin API and keeps its key for the calls that follow. */
  public void createProject() {
    String body =
        post("/admin/projects", "{\"name\":\"bench\"}", "Bearer " + HeraldProcess.ADMIN_TOKEN)
            .block();
    Matcher key = API_KEY.matcher(body);
    if (!key.find()) {
      throw new IllegalStateException("no API key in " + body);
    }
    apiKey = key.group(1);
    Matcher project = Pattern.compile("\"projectId\":\"([^\"]+)\"").matcher(body);
    projectId = project.find() ? project.group(1) : null;
  }

  /** Creates another key of this project through the admin API; returns it. */
  public String createKey() {
    String body =
        post("/admin/projects/" + projectId + "/keys", "", "Bearer " + HeraldProcess.ADMIN_TOKEN)
            .block();
    Matcher key = API_KEY.matcher(body);
    if (!key.find()) {
      throw new IllegalStateException("no API key in " + body);
    }
    return key.group(1);
  }

  /** This project's key (the one {@link #createProject()} received). */
  public String apiKey() {
    return apiKey;
  }

  /**
   * Opens {@code GET /v1/events/stream} with {@code key} on a connection of its own (not the
   * pool's), read by event loops of the streams' own, so that reading many busy streams does not
   * delay the responses of this client's other calls (in a load generator, they stand for other
   * machines); runs {@code opened} when Herald answers 200, then emits the stream's body as it
   * arrives, in network chunks, each valid only until its {@code onNext} returns (it is released
   * then: read it, do not keep it); ends with an error when Herald answers anything but 200.
   */
  public Flux<ByteBuf> stream(String key, Runnable opened) {
    return HttpClient.create(ConnectionProvider.newConnection())
        .runOn(STREAM_LOOPS)
        .headers(h -> h.set("Authorization", "Bearer " + key).set("Accept", "text/event-stream"))
        .get()
        .uri(baseUrl + "/v1/events/stream")
        .response(
            (response, body) ->
                response.status().code() == 200
                    ? Flux.defer(
                        () -> {
                          opened.run();
                          return body;
                        })
                    : Flux.error(
                        new IllegalStateException(
                            "/v1/events/stream answered " + response.status())));
  }

  /** The id of the project {@link #createProject()} created. */
  public String projectId() {
    return projectId;
  }

  /** Creates a webhook; returns its id. */
  public String createWebhook(String url, String... eventTypes) {
    String types = String.join("\",\"", eventTypes);
    String body =
        post(
                "/v1/webhooks",
                "{\"url\":\"" + url + "\",\"eventTypes\":[\"" + types + "\"]}",
                "Bearer " + apiKey)
            .block();
    return idIn(body);
  }

  /** Publishes one event; emits the request's latency in milliseconds. */
  public Mono<Double> publish(String eventJson) {
    return timed(post("/v1/events", eventJson, "Bearer " + apiKey));
  }

  /** {@code call}'s latency in milliseconds, from its subscription to its value. */
  public static Mono<Double> timed(Mono<?> call) {
    return Mono.defer(
        () -> {
          long start = System.nanoTime();
          return call.map(done -> (System.nanoTime() - start) / 1e6);
        });
  }

  /**
   * Publishes one event; emits the id Herald acknowledged it with (its 201), or an error when it
   * answered otherwise or not at all.
   */
  public Mono<String> publishForId(String eventJson) {
    return Mono.defer(() -> post("/v1/events", eventJson, "Bearer " + apiKey))
        .map(HeraldClient::idIn);
  }

  private static String idIn(String body) {
    Matcher id = ID.matcher(body);
    if (!id.find()) {
      throw new IllegalStateException("no id in " + body);
    }
    return id.group(1);
  }

  /** A GET with this project's key; the raw body. */
  public Mono<String> get(String path) {
    return http.headers(h -> h.set("Authorization", "Bearer " + apiKey))
        .get()
        .uri(baseUrl + path)
        .responseSingle((response, body) -> body.asString().defaultIfEmpty(""));
  }

  /** Herald's heap in use now, in bytes, from its Prometheus endpoint (the admin token's). */
  public Mono<Double> heapUsed() {
    return http.headers(h -> h.set("Authorization", "Bearer " + HeraldProcess.ADMIN_TOKEN))
        .get()
        .uri(baseUrl + "/actuator/prometheus")
        .responseSingle((response, body) -> body.asString())
        .map(
            text -> {
              Matcher m = HEAP.matcher(text);
              double sum = 0;
              while (m.find()) {
                sum += Double.parseDouble(m.group(1));
              }
              return sum;
            });
  }

  private Mono<String> post(String path, String json, String authorization) {
    return http.headers(
            h -> h.set("Authorization", authorization).set("Content-Type", "application/json"))
        .post()
        .uri(baseUrl + path)
        .send(
            Mono.fromSupplier(() -> Unpooled.wrappedBuffer(json.getBytes(StandardCharsets.UTF_8))))
        .responseSingle(
            (response, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .flatMap(
                        text ->
                            response.status().code() / 100 == 2
                                ? Mono.just(text)
                                : Mono.error(
                                    new IllegalStateException(
                                        path + " answered " + response.status() + ": " + text))));
  }
}
