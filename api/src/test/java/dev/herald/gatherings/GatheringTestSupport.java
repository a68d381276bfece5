package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import dev.herald.delivery.catalog.EventCatalog;
import dev.herald.delivery.catalog.EventType;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small builders for gathering tests: participants, gatherings, calls and the project's events. */
abstract class GatheringTestSupport extends ApiIntegrationTest {

  private static final EventCatalog CATALOG = new EventCatalog();

  TestProject project;

  WebTestClient api() {
    return as(project);
  }

  void participant(String id) {
    post(
            "/v1/participants",
            Map.of("id", id, "displayName", "Person " + id, "email", id + "@example.com"))
        .expectStatus()
        .isCreated();
  }

  WebTestClient.ResponseSpec post(String uri, Object body) {
    return api().post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }

  WebTestClient.ResponseSpec patch(String uri, Object body) {
    return api()
        .patch()
        .uri(uri)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange();
  }

  JsonNode created(String uri, Object body) {
    return json(post(uri, body).expectStatus().isCreated());
  }

  JsonNode ok(String uri, Object body) {
    return json(post(uri, body).expectStatus().isOk());
  }

  JsonNode get(String uri) {
    return json(api().get().uri(uri).exchange().expectStatus().isOk());
  }

  JsonNode lobby(String name) {
    return created("/v1/gatherings", Map.of("name", name, "type", "lobby"));
  }

  /** A 409 whose detail names the gathering's current status. */
  void conflictNaming(WebTestClient.ResponseSpec response, String status) {
    JsonNode problem = json(response.expectStatus().isEqualTo(409));
    assertThat(problem.get("detail").asString()).contains(status);
  }

  /** The project's events of these type patterns, in log order. */
  List<JsonNode> events(String types) {
    JsonNode page = get("/v1/events?limit=100&types=" + types);
    return StreamSupport.stream(page.get("data").spliterator(), false).toList();
  }

  List<String> eventTypes(String types) {
    return events(types).stream().map(e -> e.get("type").asString()).toList();
  }

  /** The event's type, action and resourceId are the catalog's and the gathering's. */
  static void assertCatalogEvent(JsonNode event, String type, String resourceId) {
    EventType expected = CATALOG.find(type).orElseThrow();
    assertThat(event.get("type").asString()).isEqualTo(type);
    assertThat(event.get("payload").get("action").asString())
        .isEqualTo(expected.action().wireName());
    assertThat(event.get("resourceId").asString()).isEqualTo(resourceId);
    assertThat(event.get("source").asString()).startsWith("herald:");
    assertThat(event.get("payload").get("data").isObject()).isTrue();
  }

  static JsonNode json(WebTestClient.ResponseSpec response) {
    return JsonMapper.shared().readTree(response.expectBody().returnResult().getResponseBody());
  }
}
