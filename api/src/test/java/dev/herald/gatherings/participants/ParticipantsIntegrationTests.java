package dev.herald.gatherings.participants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Participants: caller-chosen ids, CRUD, and a {@code participant.*} event for every change. */
class ParticipantsIntegrationTests extends ApiIntegrationTest {

  @Test
  void create_storesTheParticipantAndEmitsParticipantCreated() {
    TestProject project = newProject();
    JsonNode created =
        body(
            as(project)
                .post()
                .uri("/v1/participants")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                    Map.of(
                        "id",
                        "p1",
                        "displayName",
                        "Ada",
                        "email",
                        "ada@example.com",
                        "userData",
                        Map.of("level", 3)))
                .exchange()
                .expectStatus()
                .isCreated());
    assertThat(created.get("id").asString()).isEqualTo("p1");
    assertThat(created.get("userData").get("level").asInt()).isEqualTo(3);

    JsonNode event = events(project, "participant.*").get(0);
    assertThat(event.get("type").asString()).isEqualTo("participant.created");
    assertThat(event.get("resourceId").asString()).isEqualTo("participant:p1");
    assertThat(event.get("payload").get("action").asString()).isEqualTo("created");
    assertThat(event.get("payload").get("data").get("email").asString())
        .isEqualTo("ada@example.com");
  }

  @Test
  void create_withATakenId_is409() {
    TestProject project = newProject();
    create(project, "p1");
    as(project)
        .post()
        .uri("/v1/participants")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("id", "p1"))
        .exchange()
        .expectStatus()
        .isEqualTo(409);
  }

  @Test
  void update_emitsParticipantUpdatedWithTheOldValues() {
    TestProject project = newProject();
    create(project, "p1");
    JsonNode updated =
        body(
            as(project)
                .patch()
                .uri("/v1/participants/p1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("displayName", "Grace"))
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(updated.get("displayName").asString()).isEqualTo("Grace");
    assertThat(updated.get("email").asString()).isEqualTo("p1@example.com");

    JsonNode event = events(project, "participant.updated").get(0);
    assertThat(event.get("payload").get("action").asString()).isEqualTo("updated");
    assertThat(event.get("payload").get("changes").get("displayName").asString())
        .isEqualTo("Participant p1");
    assertThat(event.get("payload").get("changes").has("email")).isFalse();
  }

  @Test
  void delete_removesItAndEmitsParticipantDeletedWithTheLastState() {
    TestProject project = newProject();
    create(project, "p1");
    as(project).delete().uri("/v1/participants/p1").exchange().expectStatus().isNoContent();
    as(project).get().uri("/v1/participants/p1").exchange().expectStatus().isNotFound();

    JsonNode event = events(project, "participant.deleted").get(0);
    assertThat(event.get("payload").get("action").asString()).isEqualTo("deleted");
    assertThat(event.get("payload").get("data").get("id").asString()).isEqualTo("p1");
  }

  @Test
  void list_pagesInIdOrder_andAnotherProjectSeesNone() {
    TestProject project = newProject();
    for (String id : List.of("p3", "p1", "p2")) {
      create(project, id);
    }
    JsonNode first =
        body(as(project).get().uri("/v1/participants?limit=2").exchange().expectStatus().isOk());
    assertThat(first.get("data").findValuesAsString("id")).containsExactly("p1", "p2");
    assertThat(first.get("hasMore").asBoolean()).isTrue();
    JsonNode second =
        body(
            as(project)
                .get()
                .uri("/v1/participants?limit=2&after=" + first.get("nextCursor").asString())
                .exchange()
                .expectStatus()
                .isOk());
    assertThat(second.get("data").findValuesAsString("id")).containsExactly("p3");

    as(newProject()).get().uri("/v1/participants/p1").exchange().expectStatus().isNotFound();
  }

  private void create(TestProject project, String id) {
    as(project)
        .post()
        .uri("/v1/participants")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of("id", id, "displayName", "Participant " + id, "email", id + "@example.com"))
        .exchange()
        .expectStatus()
        .isCreated();
  }

  private List<JsonNode> events(TestProject project, String types) {
    JsonNode page =
        body(as(project).get().uri("/v1/events?types=" + types).exchange().expectStatus().isOk());
    return java.util.stream.StreamSupport.stream(page.get("data").spliterator(), false).toList();
  }

  private static JsonNode body(WebTestClient.ResponseSpec response) {
    return JsonMapper.shared().readTree(response.expectBody().returnResult().getResponseBody());
  }
}
