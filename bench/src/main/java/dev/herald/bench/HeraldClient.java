package dev.herald.bench;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Talks to Herald's public API with Reactor Netty's HTTP client (the client Herald itself uses for
 * webhooks, so the L1 limit measures the same stack).
 */
final class HeraldClient {

  private static final Pattern API_KEY = Pattern.compile("\"apiKey\":\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern HEAP =
      Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} ([0-9.eE+]+)");

  private final HttpClient http;
  private final String baseUrl;
  private String apiKey;
  private String projectId;

  HeraldClient(String baseUrl, int connections) {
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
  static HttpClient raw(int connections) {
    return HttpClient.create(
        ConnectionProvider.builder("raw")
            .maxConnections(connections)
            .pendingAcquireMaxCount(-1)
            .build());
  }

  /** Creates a project through the admin API and keeps its key for the calls that follow. */
  void createProject() {
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

  String projectId() {
    return projectId;
  }

  /** Creates a webhook; returns its id. */
  String createWebhook(String url, String... eventTypes) {
    String types = String.join("\",\"", eventTypes);
    String body =
        post(
                "/v1/webhooks",
                "{\"url\":\"" + url + "\",\"eventTypes\":[\"" + types + "\"]}",
                "Bearer " + apiKey)
            .block();
    Matcher id = ID.matcher(body);
    if (!id.find()) {
      throw new IllegalStateException("no webhook id in " + body);
    }
    return id.group(1);
  }

  /** Publishes one event; emits the request's latency in milliseconds. */
  Mono<Double> publish(String eventJson) {
    return Mono.defer(
        () -> {
          long start = System.nanoTime();
          return post("/v1/events", eventJson, "Bearer " + apiKey)
              .map(ok -> (System.nanoTime() - start) / 1e6);
        });
  }

  /** A GET with this project's key; the raw body. */
  Mono<String> get(String path) {
    return http.headers(h -> h.set("Authorization", "Bearer " + apiKey))
        .get()
        .uri(baseUrl + path)
        .responseSingle((response, body) -> body.asString().defaultIfEmpty(""));
  }

  /** Herald's heap in use now, in bytes, from its Prometheus endpoint. */
  Mono<Double> heapUsed() {
    return http.get()
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
