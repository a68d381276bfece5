package dev.herald.api.webhooks;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** By default (no allow-list setting) Herald refuses webhook URLs on internal networks. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "herald.data-dir=target/test-herald-data",
      "herald.admin.token=other-admin-token",
      "herald.bootstrap.default-project=false",
      "spring.quartz.scheduler-name=herald-private"
    })
class PrivateNetworkIntegrationTests {

  @LocalServerPort int port;

  @Test
  void loopbackPrivateAndLinkLocalUrls_areRefused() {
    WebTestClient http =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    String key =
        JsonMapper.shared()
            .readTree(
                http.post()
                    .uri("/admin/projects")
                    .header("Authorization", "Bearer other-admin-token")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"name\":\"p\"}")
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .get("apiKey")
            .asString();

    for (String url :
        new String[] {
          "http://localhost:8080/hook",
          "http://127.0.0.1/hook",
          "http://10.1.2.3/hook",
          "http://192.168.0.10/hook",
          "http://172.16.5.5/hook",
          "http://169.254.169.254/latest/meta-data",
          "http://[::1]/hook",
          "http://0.0.0.0/hook"
        }) {
      http.post()
          .uri("/v1/webhooks")
          .header("Authorization", "Bearer " + key)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}")
          .exchange()
          .expectStatus()
          .isEqualTo(422)
          .expectBody()
          .jsonPath("$.errors[0].field")
          .isEqualTo("url");
    }
  }
}
