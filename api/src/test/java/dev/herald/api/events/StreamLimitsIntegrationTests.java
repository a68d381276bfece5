package dev.herald.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.api.ApiIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Open streams are limited per key and per project on each instance: beyond the limit a new one is
 * refused with 429, and a stream that ends gives its slot back.
 */
@TestPropertySource(
    properties = {"herald.events.stream.max-per-key=2", "herald.events.stream.max-per-project=3"})
class StreamLimitsIntegrationTests extends ApiIntegrationTest {

  private static final Duration BOUND = Duration.ofSeconds(15);

  private final List<OpenStream> streams = new ArrayList<>();

  @AfterEach
  void closeStreams() {
    streams.forEach(OpenStream::close);
  }

  @Test
  void aKeyBeyondItsLimit_isRefusedWith429NamingTheLimit() {
    TestProject project = newProject();
    open("/v1/events/stream", project.apiKey());
    open("/v1/events/stream?types=message.*", project.apiKey());

    JsonNode problem = refused("/v1/events/stream", project.apiKey());

    assertThat(problem.get("status").asInt()).isEqualTo(429);
    assertThat(problem.get("detail").asString()).contains("2 open streams", "max-per-key");
  }

  @Test
  void streamTokensCountAgainstTheKeyThatMintedThem() {
    TestProject project = newProject();
    open("/v1/events/stream", project.apiKey());
    open("/v1/events/stream?token=" + streamToken(project), null);

    http.get()
        .uri("/v1/events/stream?token=" + streamToken(project))
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isEqualTo(429);
  }

  @Test
  void watchStreamsCountToo() {
    TestProject project = newProject();
    String gathering = newLobby(project);
    open("/v1/gatherings/" + gathering + "/members/watch", project.apiKey());
    open("/v1/gatherings/" + gathering + "/invitations/watch", project.apiKey());

    refused("/v1/events/stream", project.apiKey());
    refused("/v1/gatherings/" + gathering + "/members/watch", project.apiKey());
  }

  @Test
  void aProjectBeyondItsLimit_isRefusedWhateverTheKey() {
    TestProject project = newProject();
    String second = newKey(project).apiKey();
    open("/v1/events/stream", project.apiKey());
    open("/v1/events/stream", project.apiKey());
    open("/v1/events/stream", second);

    JsonNode problem = refused("/v1/events/stream", second);

    assertThat(problem.get("detail").asString()).contains("3 open streams", "max-per-project");
    // another project is not affected
    open("/v1/events/stream", newProject().apiKey());
  }

  @Test
  void aClosedStream_givesItsSlotBack() {
    TestProject project = newProject();
    OpenStream first = open("/v1/events/stream", project.apiKey());
    open("/v1/events/stream", project.apiKey());
    refused("/v1/events/stream", project.apiKey());

    first.close();

    // the server notices the closed connection a moment later: until then a new stream is a 429
    await().atMost(BOUND).until(() -> opens("/v1/events/stream", project.apiKey()));
  }

  @Test
  void aRefusedStream_takesNoSlot() {
    TestProject project = newProject();
    open("/v1/events/stream", project.apiKey());
    for (int i = 0; i < 3; i++) {
      assertThat(status("/v1/events/stream?lastEventId=bad", project.apiKey())).isEqualTo(400);
    }

    open("/v1/events/stream", project.apiKey());
  }

  @Test
  void atTheLimit_aBadLastEventId_isStillA400() {
    TestProject project = newProject();
    open("/v1/events/stream", project.apiKey());
    open("/v1/events/stream", project.apiKey());

    assertThat(status("/v1/events/stream?lastEventId=bad", project.apiKey())).isEqualTo(400);
    assertThat(status("/v1/events/stream?lastEventId=999999999", project.apiKey())).isEqualTo(400);
    http.get()
        .uri("/v1/events/stream")
        .header("Authorization", "Bearer " + project.apiKey())
        .header("Last-Event-ID", "evt_unknown")
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("Last-Event-ID evt_unknown names no event of this project");
    // and a good one is refused for the limit, which the bad ones left as it was
    refused("/v1/events/stream", project.apiKey());
  }

  @Test
  void atTheLimit_aWatchOfAnUnknownGathering_isStillA404() {
    TestProject project = newProject();
    open("/v1/events/stream", project.apiKey());
    open("/v1/events/stream", project.apiKey());

    assertThat(status("/v1/gatherings/gat_unknown/members/watch", project.apiKey())).isEqualTo(404);
    assertThat(status("/v1/gatherings/gat_unknown/invitations/watch", project.apiKey()))
        .isEqualTo(404);
  }

  private OpenStream open(String uri, String bearer) {
    OpenStream stream = OpenStream.open(port, uri, bearer);
    streams.add(stream);
    return stream;
  }

  /** Asserts a 429 problem with Retry-After; returns the problem. */
  private JsonNode refused(String uri, String apiKey) {
    WebTestClient.ResponseSpec response =
        http.get()
            .uri(uri)
            .header("Authorization", "Bearer " + apiKey)
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isEqualTo(429)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .value(
                HttpHeaders.RETRY_AFTER, value -> assertThat(Long.parseLong(value)).isPositive());
    return JsonMapper.shared().readTree(response.expectBody().returnResult().getResponseBody());
  }

  /** Whether a stream opens now (its first heartbeat) rather than being refused; kept open. */
  private boolean opens(String uri, String bearer) {
    OpenStream stream = OpenStream.connect(port, uri, bearer);
    streams.add(stream);
    await().atMost(BOUND).until(() -> stream.heardHeartbeat() || stream.ended());
    return stream.heardHeartbeat();
  }

  /** The status of a stream request that the server answers at once (refused or invalid). */
  private int status(String uri, String apiKey) {
    return http.get()
        .uri(uri)
        .header("Authorization", "Bearer " + apiKey)
        .accept(MediaType.TEXT_EVENT_STREAM)
        .exchange()
        .returnResult(byte[].class)
        .getStatus()
        .value();
  }
}
