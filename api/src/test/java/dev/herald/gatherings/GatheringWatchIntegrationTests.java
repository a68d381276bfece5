package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Watch streams: a full snapshot first, then each change with Firestore-style indexes. */
class GatheringWatchIntegrationTests extends GatheringTestSupport {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private final List<Disposable> streams = new ArrayList<>();

  @BeforeEach
  void setUp() {
    project = newProject();
    for (String id : List.of("p1", "p2", "p3")) {
      participant(id);
    }
  }

  @AfterEach
  void closeStreams() {
    streams.forEach(Disposable::dispose);
  }

  @Test
  void membersWatch_sendsTheSnapshotThenChangesWithIndexes_acrossJoinReadyAndLeave() {
    String id =
        created("/v1/gatherings", Map.of("name", "L", "type", "lobby", "createdBy", "p1"))
            .get("id")
            .asString();
    Queue<JsonNode> messages = open("/v1/gatherings/" + id + "/members/watch");

    JsonNode first = next(messages);
    assertThat(first.get("items").findValuesAsString("participantId")).containsExactly("p1");
    assertChange(first.get("changes").get(0), "added", "p1", -1, 0);

    created(members(id), Map.of("participantId", "p2"));
    JsonNode joined = next(messages);
    assertThat(joined.get("items").findValuesAsString("participantId")).containsExactly("p1", "p2");
    assertThat(joined.get("changes")).hasSize(1);
    assertChange(joined.get("changes").get(0), "added", "p2", -1, 1);

    patch(members(id) + "/p2", Map.of("state", "ready")).expectStatus().isOk();
    JsonNode ready = next(messages);
    assertThat(ready.get("changes")).hasSize(1);
    assertChange(ready.get("changes").get(0), "modified", "p2", 1, 1);
    assertThat(ready.get("changes").get(0).get("item").get("state").asString()).isEqualTo("ready");

    // the owner leaves: p1 becomes a member who left, p2 the owner, in one message
    patch(members(id) + "/p1", Map.of("state", "left")).expectStatus().isOk();
    JsonNode left = next(messages);
    assertThat(left.get("changes")).hasSize(2);
    assertChange(left.get("changes").get(0), "modified", "p1", 0, 0);
    assertThat(left.get("changes").get(0).get("item").get("state").asString()).isEqualTo("left");
    assertChange(left.get("changes").get(1), "modified", "p2", 1, 1);
    assertThat(left.get("changes").get(1).get("item").get("role").asString()).isEqualTo("owner");

    api().delete().uri(members(id) + "/p1").exchange().expectStatus().isNoContent();
    JsonNode removed = next(messages);
    assertThat(removed.get("items").findValuesAsString("participantId")).containsExactly("p2");
    assertChange(removed.get("changes").get(0), "removed", "p1", 0, -1);
  }

  @Test
  void invitationsWatch_sendsTheSnapshotThenSentAndAnswered() {
    String id = lobby("L").get("id").asString();
    created(invitations(id), Map.of("participantIds", List.of("p1")));
    Queue<JsonNode> messages = open(invitations(id) + "/watch");

    JsonNode first = next(messages);
    assertThat(first.get("items")).hasSize(1);
    assertThat(first.get("items").get(0).has("token")).isFalse();
    String p1Invitation = first.get("items").get(0).get("id").asString();

    created(invitations(id), Map.of("emails", List.of("guest@example.com")));
    // (p1's invitation may show as modified too: its email was sent meanwhile)
    JsonNode sent = next(messages);
    JsonNode added = changeOfType(sent, "added");
    assertThat(added.get("newIndex").asInt()).isEqualTo(1);

    ok("/v1/invitations/" + p1Invitation + "/decline", Map.of());
    JsonNode declined = next(messages);
    JsonNode change = changeOfItem(declined, p1Invitation);
    assertThat(change.get("type").asString()).isEqualTo("modified");
    assertThat(change.get("oldIndex").asInt()).isZero();
    assertThat(change.get("item").get("status").asString()).isEqualTo("declined");
  }

  private static JsonNode changeOfType(JsonNode snapshot, String type) {
    return StreamSupport.stream(snapshot.get("changes").spliterator(), false)
        .filter(c -> c.get("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " change in " + snapshot));
  }

  private static JsonNode changeOfItem(JsonNode snapshot, String itemId) {
    return StreamSupport.stream(snapshot.get("changes").spliterator(), false)
        .filter(c -> c.get("item").get("id").asString().equals(itemId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no change of " + itemId + " in " + snapshot));
  }

  @Test
  void watchingAnotherProjectsGathering_is404() {
    String id = lobby("L").get("id").asString();
    as(newProject())
        .get()
        .uri("/v1/gatherings/" + id + "/members/watch")
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  private Queue<JsonNode> open(String uri) {
    Queue<JsonNode> received = new ConcurrentLinkedQueue<>();
    Disposable connection =
        streamingClient()
            .get()
            .uri(uri)
            .header("Authorization", "Bearer " + project.apiKey())
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .filter(e -> e.data() != null)
            .map(e -> JsonMapper.shared().readTree(e.data()))
            .subscribe(received::add);
    streams.add(connection);
    return received;
  }

  private static JsonNode next(Queue<JsonNode> messages) {
    await().atMost(BOUND).until(() -> !messages.isEmpty());
    return messages.poll();
  }

  private static void assertChange(
      JsonNode change, String type, String participantId, int oldIndex, int newIndex) {
    assertThat(change.get("type").asString()).isEqualTo(type);
    assertThat(change.get("item").get("participantId").asString()).isEqualTo(participantId);
    assertThat(change.get("oldIndex").asInt()).isEqualTo(oldIndex);
    assertThat(change.get("newIndex").asInt()).isEqualTo(newIndex);
  }

  private static String members(String id) {
    return "/v1/gatherings/" + id + "/members";
  }

  private static String invitations(String id) {
    return "/v1/gatherings/" + id + "/invitations";
  }
}
