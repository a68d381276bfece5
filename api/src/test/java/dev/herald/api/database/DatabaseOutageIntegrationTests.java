package dev.herald.api.database;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.herald.api.HeraldApplication;
import dev.herald.api.events.OpenStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Herald on a PostgreSQL that the test freezes and stops: every call answers promptly with a 503
 * the caller can retry, readiness says DOWN while liveness stays UP, the log holds a few lines per
 * outage, and afterwards everything works again by itself, with an event accepted before the outage
 * delivered and a stream open through it still going.
 */
class DatabaseOutageIntegrationTests {

  private static final Duration ANSWER_BOUND = Duration.ofSeconds(15);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
  private static final String ADMIN_TOKEN = "outage-admin-token";
  private static final JsonMapper JSON = JsonMapper.shared();

  @TempDir static Path dataDir;
  private static OwnedPostgres postgres;
  private static ConfigurableApplicationContext herald;
  private static WireMockServer receiver;

  private WebTestClient http;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() throws Exception {
    postgres = new OwnedPostgres(dataDir.resolve("postgres"));
    receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    receiver.start();
    herald =
        new SpringApplicationBuilder(HeraldApplication.class)
            .run(
                "--herald.database-url=" + postgres.url(),
                "--server.port=0",
                "--herald.admin.token=" + ADMIN_TOKEN,
                "--herald.bootstrap.default-project=false",
                "--herald.webhooks.allow-private-networks=true",
                "--herald.webhooks.retry-schedule=0s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                "--herald.webhooks.jitter=0",
                "--herald.webhooks.poll-interval=100ms",
                "--herald.webhooks.lease=5s",
                "--herald.webhooks.timeout=2s",
                "--herald.webhooks.connect-timeout=1s",
                "--herald.mail.workers=false",
                "--herald.events.stream.heartbeat=1s",
                "--herald.database.statement-timeout=3s",
                "--herald.database.acquire-timeout=2s",
                "--herald.database.connect-timeout=2s",
                "--herald.database.health-timeout=1s",
                "--spring.quartz.scheduler-name=herald-outage");
  }

  @AfterAll
  static void stop() throws Exception {
    if (herald != null) {
      herald.close();
    }
    receiver.stop();
    postgres.close();
  }

  @BeforeEach
  void connect() {
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port())
            .responseTimeout(Duration.ofSeconds(30))
            .build();
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void disconnect() {
    root().detachAppender(log);
  }

  @Test
  void frozenDatabase_answers503_readinessGoesDown_andAllRecoversByItself() throws Exception {
    String warmKey = newProjectKey();
    String coldKey = newProjectKey();
    String path = webhookFailingOnce(warmKey);
    String eventId = publish(warmKey);
    assertThat(list(warmKey)).isEqualTo(200); // the key is now in the cache
    OpenStream stream = OpenStream.open(port(), "/v1/events/stream", warmKey);

    postgres.freeze();
    try {
      log.list.clear();
      assertUnavailable(get("/v1/webhooks", warmKey));
      assertUnavailable(publishing(warmKey));
      // an uncached key: its look-up is what waits on the database
      assertUnavailable(get("/v1/webhooks", coldKey));
      await()
          .atMost(ANSWER_BOUND)
          .untilAsserted(() -> assertThat(status("/actuator/health/readiness")).isEqualTo(503));
      assertThat(status("/actuator/health/liveness")).isEqualTo(200);
      assertFewLines();
    } finally {
      postgres.thaw();
    }

    await().atMost(RECOVERY_BOUND).until(() -> list(warmKey) == 200);
    await().atMost(RECOVERY_BOUND).until(() -> list(coldKey) == 200);
    await().atMost(RECOVERY_BOUND).until(() -> status("/actuator/health/readiness") == 200);
    awaitDelivered(path, eventId);

    // a stream open through the outage goes on with what is published after it
    String afterwards = publish(warmKey);
    try {
      await().atMost(RECOVERY_BOUND).until(() -> stream.eventIds().contains(afterwards));
      assertThat(stream.ended()).isFalse();
    } finally {
      stream.close();
    }
  }

  @Test
  void stoppedDatabase_answers503NotA500_withAFewLogLines_andRecoversAfterARestart()
      throws Exception {
    String key = newProjectKey();
    String path = webhookFailingOnce(key);
    String eventId = publish(key);

    postgres.stop();
    try {
      log.list.clear();
      for (int i = 0; i < 20; i++) {
        assertUnavailable(get("/v1/webhooks", key));
        assertUnavailable(publishing(key));
      }
      assertThat(status("/actuator/health/readiness")).isEqualTo(503);
      assertThat(status("/actuator/health/liveness")).isEqualTo(200);
      assertFewLines();
    } finally {
      postgres.start();
    }

    await().atMost(RECOVERY_BOUND).until(() -> list(key) == 200);
    await().atMost(RECOVERY_BOUND).until(() -> status("/actuator/health/readiness") == 200);
    awaitDelivered(path, eventId);
  }

  private void assertUnavailable(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "5")
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("database_unavailable")
        .jsonPath("$.detail")
        .value(detail -> assertThat(detail.toString()).contains("database"));
  }

  /**
   * An outage is a few lines in Herald's log, none with a stack trace. Quartz and its JDBC pool log
   * their own failures (bounded by Quartz's retry interval), and the R2DBC driver a connection that
   * breaks as it sends (at most once per connection): counted and shown, not asserted.
   */
  private void assertFewLines() {
    List<ILoggingEvent> all =
        log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    List<ILoggingEvent> libraries = all.stream().filter(e -> isLibrary(e.getLoggerName())).toList();
    System.out.println(
        "Libraries during the outage ("
            + libraries.size()
            + " lines, "
            + libraries.stream().filter(e -> e.getThrowableProxy() != null).count()
            + " with a stack trace)");
    List<ILoggingEvent> lines = all.stream().filter(e -> !isLibrary(e.getLoggerName())).toList();
    String shown =
        lines.stream().map(DatabaseOutageIntegrationTests::line).collect(Collectors.joining("\n"));
    System.out.println("Log lines during the outage (" + lines.size() + "):\n" + shown);
    assertThat(lines.stream().filter(e -> e.getThrowableProxy() != null).toList())
        .as("stack traces in:\n%s", shown)
        .isEmpty();
    assertThat(lines).as(shown).hasSizeLessThanOrEqualTo(10);
  }

  /** A log event as one line, with its exception (and the exception's cause) named. */
  private static String line(ILoggingEvent event) {
    String line =
        event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage();
    for (IThrowableProxy thrown = event.getThrowableProxy();
        thrown != null;
        thrown = thrown.getCause()) {
      line += " [" + thrown.getClassName() + ": " + thrown.getMessage() + "]";
    }
    return line;
  }

  /** Libraries that log their own failures: Quartz, its JDBC pool, the R2DBC driver. */
  private static boolean isLibrary(String logger) {
    return logger.startsWith("org.quartz")
        || logger.startsWith("org.springframework.scheduling.quartz")
        || logger.startsWith("com.zaxxer.hikari")
        || logger.startsWith("io.r2dbc.postgresql");
  }

  private String newProjectKey() {
    byte[] created =
        http.post()
            .uri("/admin/projects")
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\":\"outage\"}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(created).get("apiKey").asString();
  }

  /** A receiver path that fails the first attempt, so the delivery is still due in the outage. */
  private String webhookFailingOnce(String key) {
    String path = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("answering"));
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("answering")
            .willReturn(aResponse().withStatus(200)));
    http.post()
        .uri("/v1/webhooks")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"url\":\"http://localhost:"
                + receiver.port()
                + path
                + "\",\"eventTypes\":[\"bot.*\"]}")
        .exchange()
        .expectStatus()
        .isCreated();
    return path;
  }

  private String publish(String key) {
    byte[] body =
        publishing(key).expectStatus().isCreated().expectBody().returnResult().getResponseBody();
    return JSON.readTree(body).get("id").asString();
  }

  private WebTestClient.ResponseSpec publishing(String key) {
    return http.post()
        .uri("/v1/events")
        .header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"type\":\"bot.status.changed\",\"resourceId\":\"session:s1\",\"data\":{}}")
        .exchange();
  }

  private WebTestClient.ResponseSpec get(String uri, String key) {
    return http.get().uri(uri).header("Authorization", "Bearer " + key).exchange();
  }

  private int list(String key) {
    return get("/v1/webhooks", key).returnResult(String.class).getStatus().value();
  }

  private int status(String uri) {
    return http.get().uri(uri).exchange().returnResult(String.class).getStatus().value();
  }

  private static void awaitDelivered(String path, String eventId) {
    await()
        .atMost(RECOVERY_BOUND)
        .until(
            () ->
                receiver.findAll(postRequestedFor(urlEqualTo(path))).stream()
                        .filter(request -> request.getBodyAsString().contains(eventId))
                        .count()
                    >= 2);
  }

  private static int port() {
    return Integer.parseInt(herald.getEnvironment().getProperty("local.server.port"));
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
