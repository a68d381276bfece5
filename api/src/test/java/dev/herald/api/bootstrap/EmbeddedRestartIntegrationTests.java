package dev.herald.api.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.api.HeraldApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Herald as a user first runs it: no database configured, so it starts its own PostgreSQL, makes a
 * default project and prints its key; stopped and started again, the data and the key remain.
 */
class EmbeddedRestartIntegrationTests {

  @TempDir Path dataDir;

  @Test
  void restartOnTheSameDataFolder_keepsTheDataAndTheKey() throws Exception {
    String configured = System.getenv("HERALD_DATABASE_URL");
    assumeTrue(configured == null || configured.isBlank(), "runs on the embedded database only");
    Path keyFile = dataDir.resolve(DefaultProject.FILE);

    String eventId;
    String firstKeyFile;
    try (ConfigurableApplicationContext herald = start()) {
      WebTestClient client = client(herald);
      client
          .get()
          .uri("/actuator/health")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.status")
          .isEqualTo("UP");
      assertThat(keyFile).exists();
      firstKeyFile = Files.readString(keyFile);
      String apiKey = JsonMapper.shared().readTree(firstKeyFile).get("apiKey").asString();
      assertThat(apiKey).startsWith("hrd_");
      byte[] created =
          client
              .post()
              .uri("/v1/events")
              .header("Authorization", "Bearer " + apiKey)
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(
                  "{\"type\":\"bot.status.changed\",\"resourceId\":\"session:s1\",\"data\":{\"status\":\"running\"}}")
              .exchange()
              .expectStatus()
              .isCreated()
              .expectBody()
              .returnResult()
              .getResponseBody();
      eventId = JsonMapper.shared().readTree(created).get("id").asString();
    }

    try (ConfigurableApplicationContext herald = start()) {
      assertThat(Files.readString(keyFile)).isEqualTo(firstKeyFile);
      String apiKey = JsonMapper.shared().readTree(firstKeyFile).get("apiKey").asString();
      JsonNode event =
          JsonMapper.shared()
              .readTree(
                  client(herald)
                      .get()
                      .uri("/v1/events/{id}", eventId)
                      .header("Authorization", "Bearer " + apiKey)
                      .exchange()
                      .expectStatus()
                      .isOk()
                      .expectBody()
                      .returnResult()
                      .getResponseBody());
      assertThat(event.get("payload").get("data").get("status").asString()).isEqualTo("running");
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(HeraldApplication.class)
        .run(
            "--herald.data-dir=" + dataDir,
            "--herald.database-url=",
            "--server.port=0",
            "--herald.bootstrap.default-project=true",
            "--spring.quartz.scheduler-name=herald-restart");
  }

  private static WebTestClient client(ConfigurableApplicationContext herald) {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + herald.getEnvironment().getProperty("local.server.port"))
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }
}
