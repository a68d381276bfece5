package dev.herald.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventsApiIntegrationTests extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.shared();

  static String messageCreated(String content) {
    return """
        {"type":"message.created","resourceId":"session:abc-123","source":"cortex:bot",
         "data":{"messageId":"m1","sessionId":"abc-123","participantId":"p1","content":"%s"}}
        """
        .formatted(content);
  }

  JsonNode publish(TestProject project, String body) {
    byte[] response =
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
            .getResponseBody();
    return JSON.readTree(response);
  }

  @Test
  void publishedEvent_hasTheSeedEnvelopeExactly() {
    TestProject project = newProject();

    JsonNode event = publish(project, messageCreated("Hello everyone, let's get started."));

    assertThat(event.propertyNames())
        .containsExactly(
            "id", "type", "source", "tenantId", "projectId", "resourceId", "timestamp", "payload");
    assertThat(event.get("id").asString()).matches("evt_[0-9A-Z]{26}");
    assertThat(event.get("type").asString()).isEqualTo("message.created");
    assertThat(event.get("source").asString()).isEqualTo("cortex:bot");
    assertThat(event.get("tenantId").asString()).isEqualTo(project.tenantId());
    assertThat(event.get("projectId").asString()).isEqualTo(project.projectId());
    assertThat(event.get("resourceId").asString()).isEqualTo("session:abc-123");
    assertThat(event.get("timestamp").asString())
        .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(Instant.parse(event.get("timestamp").asString()))
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
    assertThat(event.get("payload").propertyNames()).containsExactly("action", "data");
    assertThat(event.get("payload").get("action").asString()).isEqualTo("created");
    assertThat(event.get("payload").get("data"))
        .isEqualTo(
            JSON.readTree(
                "{\"messageId\":\"m1\",\"sessionId\":\"abc-123\",\"participantId\":\"p1\","
                    + "\"content\":\"Hello everyone, let's get started.\"}"));
  }

  @Test
  void storedEvent_readsBackByteForByteAsPublished() {
    TestProject project = newProject();
    JsonNode published = publish(project, messageCreated("round trip"));

    String read =
        new String(
            as(project)
                .get()
                .uri("/v1/events/{id}", published.get("id").asString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(read).isEqualTo(JSON.writeValueAsString(published));
  }

  @Test
  void updatedEvent_carriesItsChanges() {
    TestProject project = newProject();

    JsonNode event =
        publish(
            project,
            """
            {"type":"sanction.updated","resourceId":"sanction:s1",
             "data":{"kind":"mute","until":"2026-12-01T00:00:00Z","scope":{"room":"r2"}},
             "changes":{"scope":{"room":"r1"}}}
            """);

    assertThat(event.get("payload").get("action").asString()).isEqualTo("updated");
    assertThat(event.get("payload").get("changes"))
        .isEqualTo(JSON.readTree("{\"scope\":{\"room\":\"r1\"}}"));
  }

  @Test
  void sourceDefaultsToApi() {
    JsonNode event =
        publish(
            newProject(),
            "{\"type\":\"bot.status.changed\",\"resourceId\":\"session:s1\",\"data\":{\"status\":\"running\"}}");

    assertThat(event.get("source").asString()).isEqualTo("api");
    assertThat(event.get("payload").get("action").asString()).isEqualTo("occurred");
  }

  @Test
  void sameIdempotencyKeyAndBody_returnsTheSameEventOnce() {
    TestProject project = newProject();
    String first =
        publishWithKey(project, "key-1", messageCreated("once"), false).get("id").asString();

    JsonNode again = publishWithKey(project, "key-1", messageCreated("once"), true);

    assertThat(again.get("id").asString()).isEqualTo(first);
    assertThat(listIds(project, "")).containsExactly(first);
  }

  @Test
  void sameIdempotencyKeyWithAnotherBody_isRefused() {
    TestProject project = newProject();
    publishWithKey(project, "key-2", messageCreated("first"), false);

    as(project)
        .post()
        .uri("/v1/events")
        .header("Idempotency-Key", "key-2")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(messageCreated("second"))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("idempotency_key_reused");
  }

  @Test
  void concurrentRequestsWithOneIdempotencyKey_storeOneEvent() {
    TestProject project = newProject();
    Set<String> ids = ConcurrentHashMap.newKeySet();

    Flux.range(0, 8)
        .parallel(8)
        .runOn(Schedulers.boundedElastic())
        .doOnNext(
            i -> {
              String body =
                  new String(
                      as(project)
                          .post()
                          .uri("/v1/events")
                          .header("Idempotency-Key", "race")
                          .contentType(MediaType.APPLICATION_JSON)
                          .bodyValue(messageCreated("race"))
                          .exchange()
                          .expectStatus()
                          .isCreated()
                          .expectBody()
                          .returnResult()
                          .getResponseBody());
              ids.add(JSON.readTree(body).get("id").asString());
            })
        .sequential()
        .blockLast();

    assertThat(ids).hasSize(1);
    assertThat(listIds(project, "")).containsExactlyElementsOf(ids);
  }

  @Test
  void concurrentPublishesOfTwoProjects_eachStoredOnceInItsOwnProject() {
    TestProject a = newProject();
    TestProject b = newProject();
    List<JsonNode> published = java.util.Collections.synchronizedList(new ArrayList<>());

    // requests arriving together are written together: each must get its own event back
    Flux.range(0, 60)
        .parallel(12)
        .runOn(Schedulers.boundedElastic())
        .doOnNext(
            i -> {
              JsonNode event = publish(i % 2 == 0 ? a : b, messageCreated("n" + i));
              assertThat(event.get("payload").get("data").get("content").asString())
                  .isEqualTo("n" + i);
              assertThat(event.get("projectId").asString())
                  .isEqualTo((i % 2 == 0 ? a : b).projectId());
              published.add(event);
            })
        .sequential()
        .blockLast();

    assertThat(published.stream().map(e -> e.get("id").asString()).distinct()).hasSize(60);
    assertThat(listIds(a, "")).hasSize(30);
    assertThat(listIds(b, "")).hasSize(30);
  }

  @Test
  void list_pagesInLogOrderWithACursor() {
    TestProject project = newProject();
    List<String> published = new ArrayList<>();
    IntStream.range(0, 5)
        .forEach(
            i -> published.add(publish(project, messageCreated("m" + i)).get("id").asString()));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          getJson(project, "/v1/events?limit=2" + (cursor == null ? "" : "&after=" + cursor));
      page.get("data").forEach(event -> seen.add(event.get("id").asString()));
      cursor = page.get("hasMore").asBoolean() ? page.get("nextCursor").asString() : null;
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(published);
  }

  @Test
  void list_filtersByTypePatternAndResource() {
    TestProject project = newProject();
    String message = publish(project, messageCreated("a")).get("id").asString();
    String annotation =
        publish(
                project,
                "{\"type\":\"message.annotation.created\",\"resourceId\":\"message:m1\",\"data\":{\"content\":{}}}")
            .get("id")
            .asString();
    String bot =
        publish(
                project,
                "{\"type\":\"bot.status.changed\",\"resourceId\":\"session:s9\",\"data\":{\"status\":\"error\"}}")
            .get("id")
            .asString();

    assertThat(listIds(project, "types=message.*")).containsExactly(message, annotation);
    assertThat(listIds(project, "types=message.created,bot.*")).containsExactly(message, bot);
    assertThat(listIds(project, "types=*")).containsExactly(message, annotation, bot);
    assertThat(listIds(project, "resourceId=session:s9")).containsExactly(bot);
  }

  @Test
  void eventsOfAnotherProject_areInvisible() {
    TestProject mine = newProject();
    TestProject theirs = newProject();
    String theirEvent = publish(theirs, messageCreated("secret")).get("id").asString();
    publish(mine, messageCreated("mine"));

    as(mine).get().uri("/v1/events/{id}", theirEvent).exchange().expectStatus().isNotFound();
    assertThat(listIds(mine, "")).doesNotContain(theirEvent).hasSize(1);
  }

  @Test
  void eventTypes_listTheWholeCatalog() {
    JsonNode types = getJson(newProject(), "/v1/event-types").get("data");

    List<String> names = new ArrayList<>();
    types.forEach(t -> names.add(t.get("type").asString()));
    assertThat(names)
        .hasSize(27)
        .contains(
            "session.created",
            "message.created",
            "participant.joined",
            "message.annotation.created",
            "sanction.revoked",
            "gathering.member.ready",
            "gathering.invitation.declined",
            "bot.status.changed",
            "webhook.delivery.updated");
    assertThat(types.get(0).propertyNames())
        .containsExactly("type", "action", "emittedWhen", "group", "publishedBy");
  }

  private JsonNode publishWithKey(TestProject project, String key, String body, boolean replay) {
    var result =
        as(project)
            .post()
            .uri("/v1/events")
            .header("Idempotency-Key", key)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isCreated();
    if (replay) {
      result.expectHeader().valueEquals("Idempotent-Replayed", "true");
    } else {
      result.expectHeader().doesNotExist("Idempotent-Replayed");
    }
    return JSON.readTree(result.expectBody().returnResult().getResponseBody());
  }

  private List<String> listIds(TestProject project, String query) {
    List<String> ids = new ArrayList<>();
    getJson(project, "/v1/events?limit=100&" + query)
        .get("data")
        .forEach(event -> ids.add(event.get("id").asString()));
    return ids;
  }
}
