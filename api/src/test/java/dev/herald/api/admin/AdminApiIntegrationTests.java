package dev.herald.api.admin;

import dev.herald.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class AdminApiIntegrationTests extends ApiIntegrationTest {

  @Test
  void createdProject_comesWithAWorkingKey() {
    TestProject project = newProject();

    as(project).get().uri("/v1/events").exchange().expectStatus().isOk();
  }

  @Test
  void projectUnderAnExistingTenant_sharesTheTenant() {
    TestProject first = newProject();

    TestProject second = newProject(first.tenantId());

    org.assertj.core.api.Assertions.assertThat(second.tenantId()).isEqualTo(first.tenantId());
    org.assertj.core.api.Assertions.assertThat(second.projectId()).isNotEqualTo(first.projectId());
  }

  @Test
  void secondKey_worksBesideTheFirst_andRevokingOneLeavesTheOther() {
    TestProject project = newProject();
    KeyOut second =
        http.post()
            .uri("/admin/projects/{id}/keys", project.projectId())
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(KeyOut.class)
            .returnResult()
            .getResponseBody();

    http.delete()
        .uri("/admin/keys/{id}", project.keyId())
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .exchange()
        .expectStatus()
        .isNoContent();

    as(project).get().uri("/v1/events").exchange().expectStatus().isUnauthorized();
    http.get()
        .uri("/v1/events")
        .header("Authorization", "Bearer " + second.apiKey())
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void keysAreShownOnce_andNeverListedBack() {
    TestProject project = newProject();

    http.post()
        .uri("/admin/projects")
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"name\":\"another\"}")
        .exchange()
        .expectBody()
        .jsonPath("$.apiKey")
        .value(
            key ->
                org.assertj.core.api.Assertions.assertThat((String) key)
                    .startsWith("hrd_")
                    .isNotEqualTo(project.apiKey()));
  }

  record KeyOut(String id, String projectId, String apiKey) {}
}
