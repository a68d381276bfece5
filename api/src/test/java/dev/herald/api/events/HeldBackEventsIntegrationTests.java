package dev.herald.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.api.ApiIntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/**
 * An event whose signal arrives while an older transaction (of any kind) is still running is held
 * back by the log; the stream looks again shortly, so it is not stranded until the next poll (one
 * hour in these tests).
 */
class HeldBackEventsIntegrationTests extends ApiIntegrationTest {

  @Autowired Environment environment;

  @Test
  void anEventHeldBackBehindAnOpenTransaction_reachesTheStreamWhenThatTransactionEnds()
      throws Exception {
    TestProject project = newProject();
    Queue<ServerSentEvent<String>> received = new ConcurrentLinkedQueue<>();
    Disposable stream =
        streamingClient()
            .get()
            .uri("/v1/events/stream")
            .header("Authorization", "Bearer " + project.apiKey())
            .accept(MediaType.TEXT_EVENT_STREAM)
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .subscribe(received::add);
    try (Connection open =
        DriverManager.getConnection(
            environment.getProperty("spring.flyway.url"),
            environment.getProperty("spring.flyway.user"),
            environment.getProperty("spring.flyway.password"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
      open.setAutoCommit(false);
      try (Statement statement = open.createStatement()) {
        statement.execute("SELECT pg_current_xact_id()");
      }

      as(project)
          .post()
          .uri("/v1/events")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(EventsApiIntegrationTests.messageCreated("held back"))
          .exchange()
          .expectStatus()
          .isCreated();
      await()
          .during(Duration.ofMillis(700))
          .atMost(Duration.ofSeconds(3))
          .until(() -> received.stream().noneMatch(e -> e.data() != null));

      open.commit();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> received.stream().anyMatch(e -> e.data() != null));
      assertThat(received.stream().filter(e -> e.data() != null).map(ServerSentEvent::event))
          .containsExactly("message.created");
    } finally {
      stream.dispose();
    }
  }
}
