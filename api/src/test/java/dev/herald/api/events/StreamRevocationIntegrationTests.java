package dev.herald.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.api.ApiIntegrationTest;
import dev.herald.api.HeraldApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Revoking a key ends every stream it holds, on every instance: those opened with the key itself
 * and those opened with a stream token it minted, well within the 10 s a key stays cached.
 */
class StreamRevocationIntegrationTests extends ApiIntegrationTest {

  private static final Duration BOUND = Duration.ofSeconds(15);

  @Autowired Environment environment;

  private final List<OpenStream> streams = new ArrayList<>();

  @AfterEach
  void closeStreams() {
    streams.forEach(OpenStream::close);
  }

  @Test
  void revokingAKey_endsItsStreamsAndThoseOfItsTokens_onEveryInstance() {
    try (ConfigurableApplicationContext other = anotherInstance()) {
      int otherPort = Integer.parseInt(other.getEnvironment().getProperty("local.server.port"));
      TestProject project = newProject();
      String token = streamToken(project);
      OpenStream withKey = open(port, "/v1/events/stream", project.apiKey());
      OpenStream withToken = open(port, "/v1/events/stream?token=" + token, null);
      OpenStream watching =
          open(port, "/v1/gatherings/" + newLobby(project) + "/members/watch", project.apiKey());
      OpenStream elsewhere = open(otherPort, "/v1/events/stream", project.apiKey());
      OpenStream tokenElsewhere = open(otherPort, "/v1/events/stream?token=" + token, null);

      revoke(project.keyId());

      for (OpenStream stream : List.of(withKey, withToken, watching, elsewhere, tokenElsewhere)) {
        await().atMost(BOUND).until(stream::ended);
        assertThat(stream.farewell()).isEqualTo("the API key was revoked");
      }
      http.get().uri("/v1/events/stream?token=" + token).exchange().expectStatus().isUnauthorized();
    }
  }

  @Test
  void revokingOneKey_leavesTheStreamsOfTheProjectsOtherKeysOpen() {
    TestProject project = newProject();
    String otherKey = newKey(project).apiKey();
    OpenStream revoked = open(port, "/v1/events/stream", project.apiKey());
    OpenStream kept = open(port, "/v1/events/stream", otherKey);

    revoke(project.keyId());

    await().atMost(BOUND).until(revoked::ended);
    // a sweep of the remaining key (every 3 s) leaves it open
    await().during(Duration.ofSeconds(4)).atMost(BOUND).until(() -> !kept.ended());
  }

  private OpenStream open(int port, String uri, String bearer) {
    OpenStream stream = OpenStream.open(port, uri, bearer);
    streams.add(stream);
    return stream;
  }

  /** A second Herald on this test's database: it knows nothing of this one's revocations. */
  private ConfigurableApplicationContext anotherInstance() {
    // the same database, found as this context found it (embedded: the same running server)
    List<String> args = new ArrayList<>();
    args.add("--herald.data-dir=" + environment.getProperty("herald.data-dir"));
    args.add("--herald.database-url=" + environment.getProperty("herald.database-url", ""));
    args.addAll(
        List.of(
            "--server.port=0",
            "--herald.admin.token=",
            "--herald.bootstrap.default-project=false",
            "--herald.events.poll-interval=1h",
            "--herald.events.stream.heartbeat=1s",
            "--herald.webhooks.workers=false",
            "--herald.mail.workers=false",
            "--spring.quartz.scheduler-name=herald-test-other-instance"));
    return new SpringApplicationBuilder(HeraldApplication.class).run(args.toArray(String[]::new));
  }
}
