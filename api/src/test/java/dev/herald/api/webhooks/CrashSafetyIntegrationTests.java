package dev.herald.api.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.herald.api.ApiIntegrationTest;
import dev.herald.api.HeraldApplication;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nothing about a pending delivery lives only in memory: events committed by an instance that stops
 * before dispatching them all arrive once another instance starts on the same database.
 */
class CrashSafetyIntegrationTests {

  private static final JsonMapper JSON = JsonMapper.shared();

  @TempDir Path dataDir;
  private WireMockServer receiver;

  @BeforeEach
  void startReceiver() {
    receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    receiver.start();
    receiver.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop();
  }

  @Test
  void eventsOfAStoppedInstance_areDeliveredByTheNextOne() {
    List<String> published = new ArrayList<>();
    String apiKey;
    try (ConfigurableApplicationContext apiOnly = start(false)) {
      WebTestClient http = client(apiOnly);
      apiKey = newProjectKey(http);
      createWebhook(http, apiKey, "/hook");
      for (int i = 0; i < 5; i++) {
        published.add(publish(http, apiKey, i));
      }
    }
    assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hook")))).isEmpty();

    try (ConfigurableApplicationContext worker = start(true)) {
      assertThat(worker.isActive()).isTrue();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  receiver.findAll(postRequestedFor(urlEqualTo("/hook"))).size()
                      >= published.size());
      assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hook"))))
          .extracting(r -> r.getHeader("webhook-id"))
          .containsExactlyInAnyOrderElementsOf(published);
    }
  }

  @Test
  void deliveryClaimedByAnInstanceThatDied_isSentAgainAfterItsLease() {
    receiver.stubFor(
        post(urlEqualTo("/slow"))
            .inScenario("slow")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(aResponse().withStatus(204).withFixedDelay(10_000))
            .willSetStateTo("fast"));
    receiver.stubFor(
        post(urlEqualTo("/slow"))
            .inScenario("slow")
            .whenScenarioStateIs("fast")
            .willReturn(aResponse().withStatus(204)));
    String apiKey;
    String eventId;
    try (ConfigurableApplicationContext dying =
        start(true, "--herald.webhooks.timeout=5s", "--herald.webhooks.lease=6s")) {
      WebTestClient http = client(dying);
      apiKey = newProjectKey(http);
      createWebhook(http, apiKey, "/slow");
      eventId = publish(http, apiKey, 0);
      // the attempt is under way (the receiver holds it) when the instance goes away
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !receiver.findAll(postRequestedFor(urlEqualTo("/slow"))).isEmpty());
    }

    try (ConfigurableApplicationContext next = start(true)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> receiver.findAll(postRequestedFor(urlEqualTo("/slow"))).size() >= 2);
      assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/slow"))))
          .extracting(r -> r.getHeader("webhook-id"))
          .containsOnly(eventId);
      WebTestClient http = client(next);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  JSON.readTree(
                          http.get()
                              .uri("/v1/deliveries")
                              .header("Authorization", "Bearer " + apiKey)
                              .exchange()
                              .expectBody()
                              .returnResult()
                              .getResponseBody())
                      .get("data")
                      .get(0)
                      .get("status")
                      .asString()
                      .equals("delivered"));
    }
  }

  private String newProjectKey(WebTestClient http) {
    return JSON.readTree(
            http.post()
                .uri("/admin/projects")
                .header("Authorization", "Bearer " + ApiIntegrationTest.ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"crash\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody())
        .get("apiKey")
        .asString();
  }

  private void createWebhook(WebTestClient http, String apiKey, String path) {
    http.post()
        .uri("/v1/webhooks")
        .header("Authorization", "Bearer " + apiKey)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"url\":\"http://localhost:"
                + receiver.port()
                + path
                + "\",\"eventTypes\":[\"bot.*\"]}")
        .exchange()
        .expectStatus()
        .isCreated();
  }

  private String publish(WebTestClient http, String apiKey, int i) {
    byte[] body =
        http.post()
            .uri("/v1/events")
            .header("Authorization", "Bearer " + apiKey)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                "{\"type\":\"bot.status.changed\",\"resourceId\":\"session:s"
                    + i
                    + "\",\"data\":{}}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(body).get("id").asString();
  }

  private ConfigurableApplicationContext start(boolean workers, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--herald.data-dir=" + dataDir,
                "--herald.database-url=",
                "--server.port=0",
                "--herald.bootstrap.default-project=false",
                "--herald.admin.token=" + ApiIntegrationTest.ADMIN_TOKEN,
                "--herald.webhooks.allow-private-networks=true",
                "--herald.webhooks.poll-interval=200ms",
                "--herald.webhooks.workers=" + workers,
                "--spring.quartz.scheduler-name=herald-crash"));
    args.addAll(List.of(more));
    return new SpringApplicationBuilder(HeraldApplication.class).run(args.toArray(String[]::new));
  }

  private static WebTestClient client(ConfigurableApplicationContext herald) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + herald.getEnvironment().getProperty("local.server.port"))
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }
}
