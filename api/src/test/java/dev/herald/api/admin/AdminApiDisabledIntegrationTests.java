package dev.herald.api.admin;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Without {@code HERALD_ADMIN_TOKEN} there is no admin API at all, and no metrics. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "herald.data-dir=target/test-herald-data",
      "herald.admin.token=",
      "herald.bootstrap.default-project=false",
      "spring.quartz.scheduler-name=herald-admin-off"
    })
class AdminApiDisabledIntegrationTests {

  @LocalServerPort int port;

  @Test
  void withoutAnAdminToken_theAdminApiIsNotThere() {
    http()
        .post()
        .uri("/admin/projects")
        .header("Authorization", "Bearer ")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"x\"}")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void withoutAnAdminToken_theMetricsAreNotThere() {
    http()
        .get()
        .uri("/actuator/prometheus")
        .header("Authorization", "Bearer anything")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    http().get().uri("/actuator/health").exchange().expectStatus().isOk();
  }

  private WebTestClient http() {
    return WebTestClient.bindToServer()
        .baseUrl("http://localhost:" + port)
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }
}
