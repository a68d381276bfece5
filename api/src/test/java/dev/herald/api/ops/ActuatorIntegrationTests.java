package dev.herald.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ActuatorIntegrationTests extends ApiIntegrationTest {

  @Test
  void readiness_includesTheDatabase() {
    http.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
    http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
  }

  @Test
  void prometheus_servesHttpAndDatabasePoolMetrics_toTheAdminToken() {
    as(newProject()).get().uri("/v1/event-types").exchange().expectStatus().isOk();

    String metrics =
        http.get()
            .uri("/actuator/prometheus")
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();

    assertThat(metrics).contains("http_server_requests_seconds_count").contains("r2dbc_pool");
  }

  @Test
  void prometheus_refusesARequestWithoutTheAdminToken() {
    TestProject project = newProject();
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("The metrics need 'Authorization: Bearer <HERALD_ADMIN_TOKEN>'");
    as(project)
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void health_staysPublic() {
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();
  }
}
