package dev.herald.api.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.storage.webhooks.WebhookRepository;
import dev.herald.webhooks.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class WebhookOperationsIntegrationTests extends WebhookTestSupport {

  @Autowired WebhookRepository webhooks;

  @Test
  void duringARotation_bothTheOldAndTheNewSecretVerify() {
    TestProject project = newProject();
    String path = endpoint(204);
    JsonNode webhook = createWebhook(project, path, "bot.*");
    String oldSecret = webhook.get("secret").asString();

    String newSecret = rotate(project, webhook.get("id").asString(), "{}");
    publish(project, "bot.status.changed", "session:s");

    LoggedRequest request = awaitReceived(path, 1).get(0);
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
    assertThat(request.getHeader("webhook-signature").split(" ")).hasSize(2);
    Webhook.verify(oldSecret, headersOf(request), request.getBody());
    Webhook.verify(newSecret, headersOf(request), request.getBody());
    assertThat(
            getJson(project, "/v1/webhooks/" + webhook.get("id").asString() + "/secret")
                .get("secret")
                .asString())
        .isEqualTo(newSecret);
  }

  @Test
  void afterTheGracePeriod_onlyTheNewSecretSigns() {
    TestProject project = newProject();
    String path = endpoint(204);
    JsonNode webhook = createWebhook(project, path, "bot.*");
    String oldSecret = webhook.get("secret").asString();

    String newSecret = rotate(project, webhook.get("id").asString(), "{\"graceSeconds\":0}");
    publish(project, "bot.status.changed", "session:s");

    LoggedRequest request = awaitReceived(path, 1).get(0);
    assertThat(request.getHeader("webhook-signature").split(" ")).hasSize(1);
    Webhook.verify(newSecret, headersOf(request), request.getBody());
    assertThatThrownBy(() -> Webhook.verify(oldSecret, headersOf(request), request.getBody()))
        .isInstanceOf(Webhook.VerificationException.class);
  }

  @Test
  void recover_sendsTheFailedDeliveriesSinceATimeAgain() {
    TestProject project = newProject();
    String path = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(500)));
    String webhookId = createWebhook(project, path, "bot.*").get("id").asString();
    String since = Instant.now().minusSeconds(5).toString();
    String first = publish(project, "bot.status.changed", "session:1").get("id").asString();
    String second = publish(project, "bot.status.changed", "session:2").get("id").asString();
    awaitDelivery(project, webhookId, first, status("failed"));
    awaitDelivery(project, webhookId, second, status("failed"));
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));

    JsonNode recovered =
        JSON.readTree(
            as(project)
                .post()
                .uri("/v1/webhooks/{id}/recover", webhookId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"since\":\"" + since + "\"}")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(recovered.get("recovered").asLong()).isEqualTo(2);
    awaitDelivery(project, webhookId, first, status("delivered"));
    awaitDelivery(project, webhookId, second, status("delivered"));
  }

  @Test
  void endpointFailingLongerThanAllowed_isDisabledWithItsReason_andReEnablingClearsIt() {
    TestProject project = newProject();
    String webhookId = createWebhook(project, endpoint(204), "bot.*").get("id").asString();

    Boolean early =
        webhooks
            .recordFailure(project.projectId(), webhookId, Duration.ofDays(5), "HTTP 500")
            .block(BOUND);
    JsonNode failing = getJson(project, "/v1/webhooks/" + webhookId);
    Boolean late =
        webhooks
            .recordFailure(
                project.projectId(),
                webhookId,
                Duration.ZERO,
                "every attempt failed; last: HTTP 500")
            .block(BOUND);
    JsonNode disabled = getJson(project, "/v1/webhooks/" + webhookId);
    Boolean again =
        webhooks
            .recordFailure(project.projectId(), webhookId, Duration.ZERO, "later failure")
            .block(BOUND);

    assertThat(again).as("only the call that disabled it says so").isFalse();
    assertThat(early).isFalse();
    assertThat(failing.get("enabled").asBoolean()).isTrue();
    assertThat(failing.get("failingSince").isNull()).isFalse();
    assertThat(late).isTrue();
    assertThat(disabled.get("enabled").asBoolean()).isFalse();
    assertThat(disabled.get("disabledReason").asString()).contains("HTTP 500");

    JsonNode enabled =
        JSON.readTree(
            as(project)
                .patch()
                .uri("/v1/webhooks/{id}", webhookId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"enabled\":true}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    assertThat(enabled.get("enabled").asBoolean()).isTrue();
    assertThat(enabled.get("disabledReason").isNull()).isTrue();
    assertThat(enabled.get("failingSince").isNull()).isTrue();
  }

  @Autowired org.springframework.r2dbc.core.DatabaseClient db;

  @Test
  void webhookWhoseSecretDoesNotOpen_failsAlone_untilItsSecretIsRotated() {
    TestProject project = newProject();
    String broken = endpoint(204);
    String healthy = endpoint(204);
    String brokenId = createWebhook(project, broken, "bot.*").get("id").asString();
    String healthyId = createWebhook(project, healthy, "bot.*").get("id").asString();
    // the sealed value altered in the database: under the right key id, but it does not open
    db.sql(
            "UPDATE webhooks SET secret = 'enc:v1:' || split_part(secret, ':', 3)"
                + " || ':AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' WHERE id = :id")
        .bind("id", brokenId)
        .then()
        .block(BOUND);

    String eventId = publish(project, "bot.status.changed", "session:b1").get("id").asString();

    awaitDelivery(project, healthyId, eventId, status("delivered"));
    JsonNode failed =
        awaitDelivery(
            project,
            brokenId,
            eventId,
            d -> d.get("lastError").asString("").contains("signing secret does not open"));
    assertThat(failed.get("status").asString()).isIn("retrying", "failed");
    assertThat(received(broken)).isEmpty();
    assertThat(getJson(project, "/v1/webhooks/" + brokenId).get("signatureScheme").isNull())
        .isTrue();
    as(project)
        .get()
        .uri("/v1/webhooks/{id}/secret", brokenId)
        .exchange()
        .expectStatus()
        .isEqualTo(409);

    String rotated = rotate(project, brokenId, "{\"graceSeconds\":0}");
    String second = publish(project, "bot.status.changed", "session:b2").get("id").asString();

    awaitDelivery(project, brokenId, second, status("delivered"));
    LoggedRequest request =
        received(broken).stream()
            .filter(r -> second.equals(r.getHeader("webhook-id")))
            .findFirst()
            .orElseThrow();
    Webhook.verify(rotated, headersOf(request), request.getBody());
  }

  @Test
  void endpointAnswering410Gone_isDisabledAtOnce_andGetsNothingNew() {
    TestProject project = newProject();
    String gone = endpoint(410);
    String other = endpoint(204);
    String goneId = createWebhook(project, gone, "bot.*").get("id").asString();
    String otherId = createWebhook(project, other, "bot.*").get("id").asString();

    String first = publish(project, "bot.status.changed", "session:g1").get("id").asString();
    awaitDelivery(project, goneId, first, status("retrying"));
    org.awaitility.Awaitility.await()
        .atMost(BOUND)
        .until(() -> !getJson(project, "/v1/webhooks/" + goneId).get("enabled").asBoolean());
    String second = publish(project, "bot.status.changed", "session:g2").get("id").asString();
    // the other webhook's delivery of the second event shows the fan-out has passed it
    awaitDelivery(project, otherId, second, status("delivered"));

    JsonNode webhook = getJson(project, "/v1/webhooks/" + goneId);
    assertThat(webhook.get("disabledReason").asString()).contains("410 Gone");
    assertThat(deliveries(project, "webhookId=" + goneId))
        .extracting(d -> d.get("eventId").asString())
        .containsExactly(first);
    assertThat(received(gone)).hasSize(1);
  }

  @Test
  void successfulAttempt_endsTheFailingRun() {
    TestProject project = newProject();
    String path = endpoint(204);
    String webhookId = createWebhook(project, path, "bot.*").get("id").asString();
    webhooks
        .recordFailure(project.projectId(), webhookId, Duration.ofDays(5), "HTTP 500")
        .block(BOUND);

    String eventId = publish(project, "bot.status.changed", "session:s").get("id").asString();
    awaitDelivery(project, webhookId, eventId, status("delivered"));

    org.awaitility.Awaitility.await()
        .atMost(BOUND)
        .until(() -> getJson(project, "/v1/webhooks/" + webhookId).get("failingSince").isNull());
  }

  private String rotate(TestProject project, String webhookId, String body) {
    return JSON.readTree(
            as(project)
                .post()
                .uri("/v1/webhooks/{id}/rotate-secret", webhookId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody())
        .get("secret")
        .asString();
  }

  private static Map<String, String> headersOf(LoggedRequest request) {
    return Map.of(
        "webhook-id", request.getHeader("webhook-id"),
        "webhook-timestamp", request.getHeader("webhook-timestamp"),
        "webhook-signature", request.getHeader("webhook-signature"));
  }
}
