package dev.herald.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.api.ApiIntegrationTest;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.projects.ProjectRef;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventStreamIntegrationTests extends ApiIntegrationTest {

  private static final Duration BOUND = Duration.ofSeconds(15);
  private static final JsonMapper JSON = JsonMapper.shared();

  @Autowired EventLog eventLog;

  private final List<Disposable> streams = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeStreams() {
    streams.forEach(Disposable::dispose);
  }

  /** An open stream and everything it has received so far. */
  record Stream(Queue<ServerSentEvent<String>> received, Disposable connection) {

    void close() {
      connection.dispose();
    }

    List<ServerSentEvent<String>> events() {
      return received.stream().filter(e -> e.data() != null).toList();
    }

    List<String> types() {
      return events().stream().map(ServerSentEvent::event).toList();
    }

    List<String> eventIds() {
      return events().stream().map(e -> JSON.readTree(e.data()).get("id").asString()).toList();
    }

    boolean heardHeartbeat() {
      return received.stream().anyMatch(e -> "heartbeat".equals(e.comment()));
    }
  }

  private Stream open(String uri, String apiKey, String lastEventId) {
    Queue<ServerSentEvent<String>> received = new ConcurrentLinkedQueue<>();
    WebClient.RequestHeadersSpec<?> request =
        streamingClient().get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM);
    if (apiKey != null) {
      request = request.header("Authorization", "Bearer " + apiKey);
    }
    if (lastEventId != null) {
      request = request.header("Last-Event-ID", lastEventId);
    }
    Disposable connection =
        request
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .subscribe(received::add);
    streams.add(connection);
    Stream stream = new Stream(received, connection);
    // the first heartbeat proves the stream has taken its start position
    await().atMost(BOUND).until(stream::heardHeartbeat);
    return stream;
  }

  private Stream open(String uri, TestProject project) {
    return open(uri, project.apiKey(), null);
  }

  private String append(TestProject project, String type, String resourceId) {
    return eventLog
        .append(
            new ProjectRef(project.tenantId(), project.projectId()),
            new NewEvent(
                type,
                "herald:test",
                resourceId,
                EventPayload.occurred(JSON.createObjectNode().put("n", 1))))
        .block(BOUND)
        .event()
        .id();
  }

  private String publish(TestProject project, String content) {
    byte[] body =
        as(project)
            .post()
            .uri("/v1/events")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(EventsApiIntegrationTests.messageCreated(content))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body).get("id").asString();
  }

  @Test
  void streamOfADomain_receivesOnlyMatchingEventsInOrder() {
    TestProject project = newProject();
    Stream stream = open("/v1/events/stream?types=gathering.*", project);

    String created = append(project, "gathering.started", "gathering:g1");
    publish(project, "not a gathering event");
    String joined = append(project, "gathering.member.joined", "gathering:g1");
    append(project, "participant.joined", "gathering:g1");
    String ended = append(project, "gathering.ended", "gathering:g1");

    await().atMost(BOUND).until(() -> stream.events().size() >= 3);
    assertThat(stream.eventIds()).containsExactly(created, joined, ended);
    assertThat(stream.types())
        .containsExactly("gathering.started", "gathering.member.joined", "gathering.ended");
  }

  @Test
  void eachMessage_carriesSequenceTypeAndEnvelope() {
    TestProject project = newProject();
    Stream stream = open("/v1/events/stream", project);

    String first = publish(project, "one");
    String second = publish(project, "two");

    await().atMost(BOUND).until(() -> stream.events().size() >= 2);
    List<ServerSentEvent<String>> events = stream.events();
    assertThat(stream.eventIds()).containsExactly(first, second);
    assertThat(Long.parseLong(events.get(1).id()))
        .isGreaterThan(Long.parseLong(events.get(0).id()));
    assertThat(events.get(0).event()).isEqualTo("message.created");
    JsonNode envelope = JSON.readTree(events.get(0).data());
    assertThat(envelope.get("projectId").asString()).isEqualTo(project.projectId());
    assertThat(envelope.get("payload").get("data").get("content").asString()).isEqualTo("one");
    // the envelope is encoded once for all streams: the same document the API answers with
    assertThat(envelope).isEqualTo(getJson(project, "/v1/events/" + first));
  }

  @Test
  void newEvents_arriveThroughTheSignalNotThePoll() {
    // the poll interval is one hour in these tests: only a NOTIFY can deliver within the bound
    TestProject project = newProject();
    Stream stream = open("/v1/events/stream?types=message.created", project);

    String id = publish(project, "live");

    await().atMost(BOUND).until(() -> stream.eventIds().contains(id));
  }

  @Test
  void reconnectingWithLastEventId_receivesExactlyTheMissedEvents() {
    TestProject project = newProject();
    Stream first = open("/v1/events/stream", project);
    String e1 = publish(project, "1");
    String e2 = publish(project, "2");
    await().atMost(BOUND).until(() -> first.events().size() >= 2);
    String lastSeen = first.events().get(1).id();
    first.close();
    String e3 = publish(project, "3");
    String e4 = publish(project, "4");

    Stream resumed = open("/v1/events/stream", project.apiKey(), lastSeen);
    String e5 = publish(project, "5");

    await().atMost(BOUND).until(() -> resumed.events().size() >= 3);
    assertThat(resumed.eventIds()).containsExactly(e3, e4, e5);
    assertThat(List.of(e1, e2)).doesNotContainAnyElementsOf(resumed.eventIds());
  }

  @Test
  void lastEventIdMayAlsoBeAnEventId() {
    TestProject project = newProject();
    String e1 = publish(project, "1");
    String e2 = publish(project, "2");

    Stream stream = open("/v1/events/stream", project.apiKey(), e1);

    await().atMost(BOUND).until(() -> stream.events().size() >= 1);
    assertThat(stream.eventIds()).containsExactly(e2);
  }

  @Test
  void streamNeverShowsAnotherProjectsEvents() {
    TestProject mine = newProject();
    TestProject theirs = newProject();
    Stream stream = open("/v1/events/stream", mine);

    publish(theirs, "theirs");
    String own = publish(mine, "mine");

    await().atMost(BOUND).until(() -> stream.eventIds().contains(own));
    assertThat(stream.eventIds()).containsExactly(own);
  }

  @Test
  void streamToken_opensTheStreamWithoutHeaders() {
    TestProject project = newProject();
    byte[] body =
        as(project)
            .post()
            .uri("/v1/events/stream-tokens")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody();
    String token = JSON.readTree(body).get("token").asString();

    Stream stream = open("/v1/events/stream?token=" + token, null, null);
    String id = publish(project, "via token");

    await().atMost(BOUND).until(() -> stream.eventIds().contains(id));
  }

  @Test
  void streamToken_opensNothingElse() {
    TestProject project = newProject();
    byte[] body =
        as(project)
            .post()
            .uri("/v1/events/stream-tokens")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody();
    String token = JSON.readTree(body).get("token").asString();

    http.get().uri("/v1/events?token=" + token).exchange().expectStatus().isUnauthorized();
    http.get().uri("/v1/events/stream?token=hst_forged").exchange().expectStatus().isUnauthorized();
  }

  @Test
  void idleStream_sendsHeartbeats() {
    Stream stream = open("/v1/events/stream", newProject());

    assertThat(stream.heardHeartbeat()).isTrue();
    assertThat(stream.events()).isEmpty();
  }
}
