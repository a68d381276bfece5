package dev.herald.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * By default (no allow-list setting) Herald refuses webhook URLs on internal networks: when saved,
 * and again at connect time, when the name may have rebound. Names resolve through a test resolver;
 * the only receiver is on loopback, and must never be reached.
 */
@Import(TestHostResolver.class)
@TestPropertySource(
    properties = {
      "herald.webhooks.allow-private-networks=false",
      "spring.quartz.scheduler-name=herald-private"
    })
class PrivateNetworkIntegrationTests extends WebhookTestSupport {

  static final String PUBLIC = "203.0.114.10"; // answered at save time, never connected to
  static final String HOW_TO_ALLOW = "; set HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow";

  @Autowired TestHostResolver names;

  @Test
  void internalAndAmbiguousUrls_areRefusedWith422NamingUrl() {
    TestProject project = newProject();
    for (String url :
        new String[] {
          "http://localhost:8080/hook",
          "http://localhost./hook",
          "http://foo.localhost/hook",
          "http://127.0.0.1/hook",
          "http://0177.0.0.1/",
          "http://0x7f000001/",
          "http://2130706433/",
          "http://127.1/",
          "http://0/",
          "http://0.0.0.0/hook",
          "http://[::]/",
          "http://[::1]/hook",
          "http://[::127.0.0.1]/",
          "http://[::ffff:127.0.0.1]/",
          "http://[::ffff:7f00:1]/",
          "http://[0:0:0:0:0:ffff:127.0.0.1]/",
          "http://[64:ff9b::7f00:1]/",
          "http://[2002:7f00:1::1]/",
          "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
          "http://[fe80::1%25eth0]/",
          "http://[fd00::1]/",
          "http://10.1.2.3/hook",
          "http://192.168.0.10/hook",
          "http://172.16.5.5/hook",
          "http://100.64.0.1/",
          "http://169.254.169.254/latest/meta-data",
          "http://224.0.0.1/",
          "http://255.255.255.255/",
          "http://198.18.0.1/",
          "http://192.0.2.1/",
          "http://example.com@127.0.0.1/"
        }) {
      as(project)
          .post()
          .uri("/v1/webhooks")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"url\":\"" + url + "\",\"eventTypes\":[\"*\"]}")
          .exchange()
          .expectStatus()
          .isEqualTo(422)
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.errors[0].field")
          .isEqualTo("url");
    }
  }

  @Test
  void nameResolvingToPublicAndLoopback_isRefusedWhenSaved() {
    TestProject project = newProject();
    String name = name("mixed");
    names.answer(name, PUBLIC, "127.0.0.1");

    as(project)
        .post()
        .uri("/v1/webhooks")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"url\":\"http://" + name + "/hook\",\"eventTypes\":[\"message.created\"]}")
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].field")
        .isEqualTo("url")
        .jsonPath("$.errors[0].message")
        .isEqualTo(
            "refused: " + name + " resolves to 127.0.0.1, a loopback address" + HOW_TO_ALLOW);
  }

  @Test
  void nameRebindingToLoopbackAfterSave_isRefusedAtConnectTime_asAFailedAttempt() {
    TestProject project = newProject();
    String path = endpoint(204);
    String name = name("rebind");
    names.answer(name, PUBLIC);
    String webhookId = createWebhook(project, name, path).get("id").asString();
    names.answer(name, "127.0.0.1");

    String eventId = publish(project, "message.created", "session:rebind").get("id").asString();

    JsonNode attempt = firstAttempt(project, webhookId, eventId);
    assertThat(attempt.get("error").asString())
        .isEqualTo(
            "refused: " + name + " resolves to 127.0.0.1, a loopback address" + HOW_TO_ALLOW);
    assertThat(attempt.get("responseStatus").isNull()).isTrue();
    assertThat(received(path)).isEmpty();
  }

  @Test
  void nameRebindingToPublicAndLoopback_isRefusedAtConnectTime() {
    TestProject project = newProject();
    String path = endpoint(204);
    String name = name("mix");
    names.answer(name, PUBLIC);
    String webhookId = createWebhook(project, name, path).get("id").asString();
    names.answer(name, PUBLIC, "127.0.0.1");

    String eventId = publish(project, "message.created", "session:mix").get("id").asString();

    JsonNode attempt = firstAttempt(project, webhookId, eventId);
    assertThat(attempt.get("error").asString())
        .isEqualTo(
            "refused: " + name + " resolves to 127.0.0.1, a loopback address" + HOW_TO_ALLOW);
    assertThat(received(path)).isEmpty();
  }

  @Test
  void testSend_toANameReboundToLoopback_isRefusedLikeADelivery() {
    TestProject project = newProject();
    String path = endpoint(204);
    String name = name("test-send");
    names.answer(name, PUBLIC);
    String webhookId = createWebhook(project, name, path).get("id").asString();
    names.answer(name, "127.0.0.1");

    JsonNode outcome =
        JSON.readTree(
            as(project)
                .post()
                .uri("/v1/webhooks/{id}/test", webhookId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(outcome.get("succeeded").asBoolean()).isFalse();
    assertThat(outcome.get("error").asString())
        .isEqualTo(
            "refused: " + name + " resolves to 127.0.0.1, a loopback address" + HOW_TO_ALLOW);
    assertThat(received(path)).isEmpty();
  }

  private static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID() + ".test";
  }

  /** A webhook on the receiver's port, under a name (subscribed to message.created only). */
  private JsonNode createWebhook(TestProject project, String name, String path) {
    return createWebhook(
        project,
        "{\"url\":\"http://"
            + name
            + ":"
            + receiver.port()
            + path
            + "\",\"eventTypes\":[\"message.created\"]}");
  }

  private JsonNode firstAttempt(TestProject project, String webhookId, String eventId) {
    JsonNode delivery =
        awaitDelivery(project, webhookId, eventId, d -> d.get("attempt").asInt() >= 1);
    return getJson(project, "/v1/deliveries/" + delivery.get("id").asString())
        .get("attempts")
        .get(0);
  }
}
