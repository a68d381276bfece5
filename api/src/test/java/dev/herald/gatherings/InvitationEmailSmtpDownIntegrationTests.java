package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.api.HeraldApplication;
import dev.herald.api.TestSmtp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Email is best-effort: with the SMTP server hanging or down, inviting still succeeds at once; the
 * emails stay queued with the error of each attempt and go out once the server is back. Runs Herald
 * on a database of its own, so no other test context's worker sends these emails.
 */
class InvitationEmailSmtpDownIntegrationTests {

  private static final String ADMIN = "mail-down-admin";
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @BeforeEach
  void embeddedOnly() {
    String configured = System.getenv("HERALD_DATABASE_URL");
    assumeTrue(configured == null || configured.isBlank(), "runs on the embedded database only");
  }

  @Test
  void withTheSmtpServerHangingThenDown_invitingSucceedsAtOnce_andTheEmailsGoOutWhenItIsBack()
      throws Exception {
    int smtpPort = freePort();
    // a server that takes connections and never answers: each attempt ends at the read timeout
    ServerSocket hanging = new ServerSocket(smtpPort, 50, InetAddress.getLoopbackAddress());
    try (ConfigurableApplicationContext herald = start(smtpPort)) {
      WebTestClient api = client(herald, project(herald));
      String id =
          json(api.post()
                  .uri("/v1/gatherings")
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(Map.of("name", "Game night", "type", "lobby"))
                  .exchange()
                  .expectStatus()
                  .isCreated())
              .get("id")
              .asString();

      long started = System.nanoTime();
      JsonNode invited =
          json(
              api.post()
                  .uri("/v1/gatherings/" + id + "/invitations")
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(Map.of("emails", List.of("a@example.com", "b@example.com")))
                  .exchange()
                  .expectStatus()
                  .isCreated());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(invited.get("data")).hasSize(2);
      assertThat(took).isLessThan(Duration.ofSeconds(5));

      awaitEveryInvitation(api, id, "queued", "timed out");

      // now nothing listens: connections are refused
      hanging.close();
      awaitEveryInvitation(api, id, "queued", "Connection refused");
      assertThat(invitations(api, id).get(0).get("emailError").asString())
          .doesNotContain("Exception");

      TestSmtp smtp = new TestSmtp(smtpPort);
      smtp.start();
      try {
        await()
            .atMost(BOUND)
            .until(
                () -> invitations(api, id),
                list ->
                    list.stream().allMatch(i -> i.get("emailStatus").asString().equals("sent")));
        assertThat(smtp.messagesTo("a@example.com")).hasSize(1);
        assertThat(smtp.messagesTo("b@example.com")).hasSize(1);
        assertThat(invitations(api, id).get(0).get("emailError").isNull()).isTrue();
      } finally {
        smtp.stop();
      }
    } finally {
      hanging.close();
    }
  }

  /** Waits until every invitation's email shows this status and an error containing this. */
  private static void awaitEveryInvitation(
      WebTestClient api, String gatheringId, String status, String error) {
    await()
        .atMost(BOUND)
        .until(
            () -> invitations(api, gatheringId),
            list ->
                list.stream()
                    .allMatch(
                        i ->
                            i.get("emailStatus").asString().equals(status)
                                && i.get("emailAttempts").asInt() >= 1
                                && i.get("emailError").asString("").contains(error)));
  }

  private ConfigurableApplicationContext start(int smtpPort) {
    return new SpringApplicationBuilder(HeraldApplication.class)
        .run(
            "--herald.data-dir=" + dataDir,
            "--herald.database-url=",
            "--server.port=0",
            "--herald.bootstrap.default-project=false",
            "--herald.admin.token=" + ADMIN,
            "--spring.quartz.scheduler-name=herald-mail-down",
            "--spring.mail.host=127.0.0.1",
            "--spring.mail.port=" + smtpPort,
            "--herald.mail.retry-schedule=0s," + "300ms,".repeat(60) + "300ms",
            "--herald.mail.jitter=0",
            "--spring.mail.properties.mail.smtp.connectiontimeout=1000",
            "--spring.mail.properties.mail.smtp.timeout=1000",
            "--herald.mail.poll-interval=200ms",
            // the breaker would pause sending while the server is down: keep it out of this test
            "--herald.mail.breaker-window=1000");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<JsonNode> invitations(WebTestClient api, String gatheringId) {
    JsonNode page =
        json(
            api.get()
                .uri("/v1/gatherings/" + gatheringId + "/invitations")
                .exchange()
                .expectStatus()
                .isOk());
    return StreamSupport.stream(page.get("data").spliterator(), false).toList();
  }

  private static String project(ConfigurableApplicationContext herald) {
    return json(client(herald, null)
            .post()
            .uri("/admin/projects")
            .header("Authorization", "Bearer " + ADMIN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("name", "mail down"))
            .exchange()
            .expectStatus()
            .isCreated())
        .get("apiKey")
        .asString();
  }

  private static WebTestClient client(ConfigurableApplicationContext herald, String apiKey) {
    WebTestClient.Builder builder =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + herald.getEnvironment().getProperty("local.server.port"))
            .responseTimeout(Duration.ofSeconds(20));
    if (apiKey != null) {
      builder.defaultHeader("Authorization", "Bearer " + apiKey);
    }
    return builder.build();
  }

  private static JsonNode json(WebTestClient.ResponseSpec response) {
    return JsonMapper.shared().readTree(response.expectBody().returnResult().getResponseBody());
  }
}
