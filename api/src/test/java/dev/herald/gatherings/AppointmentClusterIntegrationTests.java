package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.api.HeraldApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appointment triggers across Herald instances: two application contexts on one database fire an
 * appointment's start exactly once, and a trigger pending when Herald stops fires after it starts
 * again.
 */
class AppointmentClusterIntegrationTests {

  private static final String ADMIN = "cluster-test-admin";
  private static final Duration BOUND = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @BeforeEach
  void embeddedOnly() {
    String configured = System.getenv("HERALD_DATABASE_URL");
    assumeTrue(configured == null || configured.isBlank(), "runs on the embedded database only");
  }

  @Test
  void twoInstancesOnOneDatabase_startAndEndAnAppointmentExactlyOnce() throws Exception {
    try (ConfigurableApplicationContext first = start("herald-cluster");
        ConfigurableApplicationContext second = start("herald-cluster")) {
      assertThat(first.getBean(Scheduler.class).getMetaData().isJobStoreClustered()).isTrue();
      assertThat(first.getBean(Scheduler.class).getSchedulerInstanceId())
          .isNotEqualTo(second.getBean(Scheduler.class).getSchedulerInstanceId());
      String apiKey = project(first);
      WebTestClient api = client(first, apiKey);
      WebTestClient viaSecond = client(second, apiKey);
      Instant startsAt = Instant.now().plusSeconds(4);
      String id = appointment(api, startsAt, startsAt.plusSeconds(3));

      // any instance serves any read
      await().atMost(BOUND).until(() -> status(viaSecond, id).equals("ended"));

      assertThat(fires(first, "start") + fires(second, "start")).isEqualTo(1);
      assertThat(fires(first, "end") + fires(second, "end")).isEqualTo(1);
      assertThat(types(api))
          .containsExactly(
              "gathering.created",
              "session.created",
              "gathering.started",
              "session.updated",
              "gathering.ended");
    }
  }

  @Test
  void aTriggerPendingWhenHeraldStops_firesAfterItStartsAgain() {
    String apiKey;
    String id;
    try (ConfigurableApplicationContext before = start("herald-restart")) {
      apiKey = project(before);
      Instant startsAt = Instant.now().plusSeconds(20);
      id = appointment(client(before, apiKey), startsAt, startsAt.plusSeconds(2));
      assertThat(status(client(before, apiKey), id)).isEqualTo("scheduled");
    }

    try (ConfigurableApplicationContext after = start("herald-restart")) {
      WebTestClient api = client(after, apiKey);
      await().atMost(BOUND).until(() -> status(api, id).equals("ended"));
      assertThat(fires(after, "start")).isEqualTo(1);
      assertThat(types(api)).containsOnlyOnce("gathering.started", "gathering.ended");
    }
  }

  private ConfigurableApplicationContext start(String schedulerName) {
    return new SpringApplicationBuilder(HeraldApplication.class)
        .run(
            "--herald.data-dir=" + dataDir,
            "--herald.database-url=",
            "--server.port=0",
            "--herald.bootstrap.default-project=false",
            "--herald.admin.token=" + ADMIN,
            "--spring.quartz.scheduler-name=" + schedulerName);
  }

  private static String project(ConfigurableApplicationContext herald) {
    JsonNode created =
        json(
            client(herald, null)
                .post()
                .uri("/admin/projects")
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "cluster test"))
                .exchange()
                .expectStatus()
                .isCreated());
    return created.get("apiKey").asString();
  }

  private static String appointment(WebTestClient api, Instant startsAt, Instant endsAt) {
    return json(api.post()
            .uri("/v1/gatherings")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                Map.of(
                    "name",
                    "Standup",
                    "type",
                    "appointment",
                    "startsAt",
                    startsAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                    "endsAt",
                    endsAt.truncatedTo(ChronoUnit.MILLIS).toString(),
                    "autoStartSession",
                    true))
            .exchange()
            .expectStatus()
            .isCreated())
        .get("id")
        .asString();
  }

  private static String status(WebTestClient api, String id) {
    return json(api.get().uri("/v1/gatherings/" + id).exchange().expectStatus().isOk())
        .get("status")
        .asString();
  }

  private static List<String> types(WebTestClient api) {
    JsonNode page =
        json(
            api.get()
                .uri("/v1/events?types=gathering.*,session.*")
                .exchange()
                .expectStatus()
                .isOk());
    return StreamSupport.stream(page.get("data").spliterator(), false)
        .map(e -> e.get("type").asString())
        .toList();
  }

  private static double fires(ConfigurableApplicationContext herald, String action) {
    Counter counter =
        herald
            .getBean(MeterRegistry.class)
            .find(AppointmentJob.FIRES_METER)
            .tag("action", action)
            .counter();
    return counter == null ? 0 : counter.count();
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
