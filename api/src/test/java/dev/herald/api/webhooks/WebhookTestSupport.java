package dev.herald.api.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.api.ApiIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP receiver (WireMock) and the calls the webhook tests make against Herald. */
abstract class WebhookTestSupport extends ApiIntegrationTest {

  static final Duration BOUND = Duration.ofSeconds(20);
  static final JsonMapper JSON = JsonMapper.shared();
  static WireMockServer receiver;

  @BeforeAll
  static void startReceiver() {
    receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    receiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop();
  }

  /** A fresh path on the receiver answering {@code status}. */
  static String endpoint(int status) {
    String path = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
    return path;
  }

  static String url(String path) {
    return "http://localhost:" + receiver.port() + path;
  }

  static List<LoggedRequest> received(String path) {
    return receiver.findAll(postRequestedFor(urlEqualTo(path)));
  }

  static List<LoggedRequest> awaitReceived(String path, int count) {
    await().atMost(BOUND).until(() -> received(path).size() >= count);
    return received(path);
  }

  /** Creates a webhook; returns its JSON (with the secret). */
  JsonNode createWebhook(TestProject project, String path, String... eventTypes) {
    return createWebhook(
        project,
        "{\"url\":\""
            + url(path)
            + "\",\"eventTypes\":"
            + JSON.writeValueAsString(List.of(eventTypes))
            + "}");
  }

  JsonNode createWebhook(TestProject project, String body) {
    return JSON.readTree(
        as(project)
            .post()
            .uri("/v1/webhooks")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  /** Publishes an event of an externally published type; returns its JSON. */
  JsonNode publish(TestProject project, String type, String resourceId) {
    String body =
        "{\"type\":\""
            + type
            + "\",\"resourceId\":\""
            + resourceId
            + "\",\"data\":{\"n\":1}"
            + (type.endsWith(".updated") ? ",\"changes\":{\"n\":0}" : "")
            + "}";
    return JSON.readTree(
        as(project)
            .post()
            .uri("/v1/events")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  List<JsonNode> deliveries(TestProject project, String query) {
    List<JsonNode> list = new ArrayList<>();
    getJson(project, "/v1/deliveries?limit=100&" + query).get("data").forEach(list::add);
    return list;
  }

  /** Waits until the project's delivery of {@code eventId} satisfies {@code condition}. */
  JsonNode awaitDelivery(
      TestProject project, String webhookId, String eventId, Predicate<JsonNode> condition) {
    return await()
        .atMost(BOUND)
        .until(
            () ->
                deliveries(project, "webhookId=" + webhookId).stream()
                    .filter(d -> d.get("eventId").asString().equals(eventId))
                    .findFirst()
                    .orElse(null),
            d -> d != null && condition.test(d));
  }

  static Predicate<JsonNode> status(String status) {
    return d -> d.get("status").asString().equals(status);
  }
}
