package dev.herald.api.webhooks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.herald.webhooks.Webhook;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class WebhookDeliveryIntegrationTests extends WebhookTestSupport {

  @Autowired MeterRegistry meters;

  @Test
  void ed25519Webhook_signsV1a_verifiableWithItsPublishedPublicKey() throws Exception {
    TestProject project = newProject();
    String path = endpoint(204);
    JsonNode webhook =
        createWebhook(
            project,
            "{\"url\":\""
                + url(path)
                + "\",\"eventTypes\":[\"message.created\"],\"signatureScheme\":\"ed25519\"}");
    String webhookId = webhook.get("id").asString();

    JsonNode event = publish(project, "message.created", "session:ed");

    LoggedRequest request = awaitReceived(path, 1).get(0);
    assertThat(webhook.has("secret")).isFalse();
    assertThat(webhook.get("signatureScheme").asString()).isEqualTo("ed25519");
    String publicKey = webhook.get("publicKey").asString();
    assertThat(publicKey).startsWith("whpk_");
    JsonNode keys = getJson(project, "/v1/webhooks/" + webhookId + "/secret");
    assertThat(keys.has("secret")).isFalse();
    assertThat(keys.get("publicKey").asString()).isEqualTo(publicKey);
    String signature = request.getHeader("webhook-signature");
    assertThat(signature).startsWith("v1a,");
    // the JDK's own Ed25519 (Herald signs with BouncyCastle), with the DER form of the key
    java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
    jdk.initVerify(
        java.security.KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new java.security.spec.X509EncodedKeySpec(
                    java.util.Base64.getDecoder().decode(keys.get("publicKeyDer").asString()))));
    jdk.update(
        (event.get("id").asString() + "." + request.getHeader("webhook-timestamp") + ".")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    jdk.update(request.getBody());
    assertThat(jdk.verify(java.util.Base64.getDecoder().decode(signature.substring(4)))).isTrue();
    Webhook.verify(publicKey, headersOf(request), request.getBody());
  }

  @Test
  void rotatingFromHmacToEd25519_signsWithBothDuringTheGrace() {
    TestProject project = newProject();
    String path = endpoint(204);
    JsonNode webhook = createWebhook(project, path, "message.created");
    String oldSecret = webhook.get("secret").asString();

    JsonNode rotated =
        JSON.readTree(
            as(project)
                .post()
                .uri("/v1/webhooks/{id}/rotate-secret", webhook.get("id").asString())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue("{\"signatureScheme\":\"ed25519\",\"graceSeconds\":3600}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    publish(project, "message.created", "session:rot");

    LoggedRequest request = awaitReceived(path, 1).get(0);
    assertThat(rotated.get("signatureScheme").asString()).isEqualTo("ed25519");
    assertThat(rotated.has("secret")).isFalse();
    assertThat(request.getHeader("webhook-signature")).startsWith("v1a,").contains(" v1,");
    Webhook.verify(oldSecret, headersOf(request), request.getBody());
    Webhook.verify(rotated.get("publicKey").asString(), headersOf(request), request.getBody());
  }

  @Test
  void rateLimitedWebhook_receivesEveryEvent_noFasterThanItsLimit() {
    TestProject project = newProject();
    String path = endpoint(204);
    createWebhook(
        project,
        "{\"url\":\"" + url(path) + "\",\"eventTypes\":[\"message.created\"],\"rateLimit\":2}");

    for (int i = 0; i < 6; i++) {
      publish(project, "message.created", "session:rl" + i);
    }

    List<LoggedRequest> arrived = awaitReceived(path, 6);
    assertThat(arrived.stream().map(r -> r.getHeader("webhook-id")).distinct()).hasSize(6);
    // 2 a second with a burst of 2: the last of six is sent 2 s after the first (1.5 s leaves room
    // for the first attempt's slower connect)
    long first = arrived.stream().mapToLong(r -> r.getLoggedDate().getTime()).min().orElseThrow();
    long last = arrived.stream().mapToLong(r -> r.getLoggedDate().getTime()).max().orElseThrow();
    assertThat(last - first).isGreaterThanOrEqualTo(1_500);
  }

  @Test
  void matchingEvent_isPostedAsTheSignedEnvelope() {
    TestProject project = newProject();
    String path = endpoint(204);
    JsonNode webhook = createWebhook(project, path, "message.created");

    JsonNode event = publish(project, "message.created", "session:s1");

    LoggedRequest request = awaitReceived(path, 1).get(0);
    String id = event.get("id").asString();
    assertThat(request.getHeader("content-type")).isEqualTo("application/json");
    assertThat(request.getHeader("user-agent")).startsWith("Herald/");
    assertThat(request.getHeader("webhook-id")).isEqualTo(id);
    assertThat(Long.parseLong(request.getHeader("webhook-timestamp")))
        .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
    assertThat(JSON.readTree(request.getBodyAsString())).isEqualTo(event);
    String secret = webhook.get("secret").asString();
    Map<String, String> headers = headersOf(request);
    Webhook.verify(secret, headers, request.getBody());
    assertThat(independentlyVerified(secret, headers, request.getBody())).isTrue();
  }

  @Test
  void signature_failsForATamperedBodyOrAnOldTimestamp() {
    TestProject project = newProject();
    String path = endpoint(204);
    String secret = createWebhook(project, path, "*").get("secret").asString();
    publish(project, "bot.status.changed", "session:s1");
    LoggedRequest request = awaitReceived(path, 1).get(0);
    Map<String, String> headers = headersOf(request);
    byte[] tampered =
        request.getBodyAsString().replace("\"n\":1", "\"n\":2").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Webhook.verify(secret, headers, tampered))
        .isInstanceOf(Webhook.VerificationException.class);
    assertThat(independentlyVerified(secret, headers, tampered)).isFalse();
    Instant sixMinutesLater =
        Instant.ofEpochSecond(Long.parseLong(headers.get("webhook-timestamp"))).plusSeconds(360);
    assertThatThrownBy(
            () -> new Webhook(secret).verify(headers, request.getBody(), sixMinutesLater))
        .isInstanceOf(Webhook.VerificationException.class)
        .hasMessageContaining("5 minutes");
  }

  @Test
  void patterns_exactDomainDeepDomainStarAndSeveral() {
    TestProject project = newProject();
    String exact = endpoint(204);
    String domain = endpoint(204);
    String deep = endpoint(204);
    String star = endpoint(204);
    String several = endpoint(204);
    createWebhook(project, exact, "message.created");
    createWebhook(project, domain, "message.*");
    createWebhook(project, deep, "message.annotation.*");
    createWebhook(project, star, "*");
    createWebhook(project, several, "sanction.created", "bot.*");

    publish(project, "message.created", "session:s1");
    publish(project, "message.annotation.created", "message:m1");
    publish(project, "sanction.created", "sanction:x");
    publish(project, "bot.status.changed", "session:s1");

    awaitReceived(star, 4);
    awaitReceived(domain, 2);
    awaitReceived(several, 2);
    assertThat(types(received(exact))).containsExactly("message.created");
    assertThat(types(received(domain)))
        .containsExactlyInAnyOrder("message.created", "message.annotation.created");
    assertThat(types(received(deep))).containsExactly("message.annotation.created");
    assertThat(types(received(several)))
        .containsExactlyInAnyOrder("sanction.created", "bot.status.changed");
  }

  @Test
  void disabledWebhook_receivesNothing_andTwoSubscriptionsGetTwoDeliveries() {
    TestProject project = newProject();
    String disabled = endpoint(204);
    String first = endpoint(204);
    String second = endpoint(204);
    JsonNode off =
        createWebhook(
            project,
            "{\"url\":\"" + url(disabled) + "\",\"eventTypes\":[\"*\"],\"enabled\":false}");
    createWebhook(project, first, "message.*");
    createWebhook(project, second, "message.created");

    String eventId = publish(project, "message.created", "session:s1").get("id").asString();

    awaitReceived(first, 1);
    awaitReceived(second, 1);
    List<JsonNode> ofEvent =
        deliveries(project, "eventType=message.created").stream()
            .filter(d -> d.get("eventId").asString().equals(eventId))
            .toList();
    assertThat(ofEvent).hasSize(2);
    assertThat(received(disabled)).isEmpty();
    assertThat(deliveries(project, "webhookId=" + off.get("id").asString())).isEmpty();
  }

  @Test
  void webhookCreatedAfterAnEvent_doesNotReceiveIt() {
    TestProject project = newProject();
    String early = endpoint(204);
    createWebhook(project, early, "bot.*");
    String before = publish(project, "bot.status.changed", "session:s1").get("id").asString();
    awaitReceived(early, 1);
    String late = endpoint(204);
    createWebhook(project, late, "bot.*");

    String after = publish(project, "bot.status.changed", "session:s2").get("id").asString();

    awaitReceived(late, 1);
    awaitReceived(early, 2);
    assertThat(received(late))
        .extracting(r -> r.getHeader("webhook-id"))
        .containsExactly(after)
        .doesNotContain(before);
  }

  @Test
  void failingReceiver_isRetriedThenDelivered_withEveryStatusChangeAnnounced() {
    TestProject project = newProject();
    String path = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(500).withBody("boom"))
            .willSetStateTo("up"));
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse().withStatus(200).withHeader("X-Receiver", "ok").withBody("thanks")));
    String webhookId = createWebhook(project, path, "message.*").get("id").asString();

    String eventId = publish(project, "message.created", "session:s1").get("id").asString();

    JsonNode delivery = awaitDelivery(project, webhookId, eventId, status("delivered"));
    assertThat(delivery.get("attempt").asInt()).isEqualTo(2);
    JsonNode detail = getJson(project, "/v1/deliveries/" + delivery.get("id").asString());
    JsonNode attempts = detail.get("attempts");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).get("responseStatus").asInt()).isEqualTo(500);
    assertThat(attempts.get(0).get("responseBody").asString()).isEqualTo("boom");
    assertThat(attempts.get(1).get("responseStatus").asInt()).isEqualTo(200);
    assertThat(attempts.get(1).get("responseHeaders").get("x-receiver").asString()).isEqualTo("ok");
    assertThat(received(path)).extracting(r -> r.getHeader("webhook-id")).containsOnly(eventId);
    assertThat(metaEventStatuses(project, delivery.get("id").asString()))
        .containsExactly("pending->retrying", "retrying->delivered");
  }

  @Test
  void receiverThatKeepsFailing_endsFailed_andAManualRetryDeliversIt() {
    TestProject project = newProject();
    String path = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(503)));
    String webhookId = createWebhook(project, path, "*").get("id").asString();
    String eventId = publish(project, "bot.status.changed", "session:s1").get("id").asString();

    JsonNode failed = awaitDelivery(project, webhookId, eventId, status("failed"));
    assertThat(failed.get("attempt").asInt()).isEqualTo(3);
    assertThat(failed.get("lastResponseStatus").asInt()).isEqualTo(503);
    assertThat(failed.get("nextAttemptAt").isNull()).isTrue();

    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));
    as(project)
        .post()
        .uri("/v1/deliveries/{id}/retry", failed.get("id").asString())
        .exchange()
        .expectStatus()
        .isAccepted();

    JsonNode delivered = awaitDelivery(project, webhookId, eventId, status("delivered"));
    assertThat(delivered.get("attempt").asInt()).isEqualTo(4);
    assertThat(metaEventStatuses(project, failed.get("id").asString()))
        .containsExactly(
            "pending->retrying", "retrying->failed", "failed->pending", "pending->delivered");
  }

  @Test
  void disablingAWebhook_holdsItsPendingDeliveries_untilItIsEnabledAgain() {
    TestProject project = newProject();
    String path = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(503)));
    String webhookId = createWebhook(project, path, "bot.*").get("id").asString();
    String eventId = publish(project, "bot.status.changed", "session:s1").get("id").asString();
    // after its second attempt; the third is due 2 s later
    awaitDelivery(project, webhookId, eventId, d -> d.get("attempt").asInt() == 2);

    patchWebhook(project, webhookId, "{\"enabled\":false}");
    int sentWhenDisabled = received(path).size();
    receiver.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(204)));

    // enabled, it would have been sent again within this time
    await()
        .during(Duration.ofSeconds(3))
        .atMost(BOUND)
        .until(() -> received(path).size() == sentWhenDisabled);
    patchWebhook(project, webhookId, "{\"enabled\":true}");
    awaitDelivery(project, webhookId, eventId, status("delivered"));
  }

  private void patchWebhook(TestProject project, String webhookId, String body) {
    as(project)
        .patch()
        .uri("/v1/webhooks/{id}", webhookId)
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void retryAfterOn429_isHonoured() {
    TestProject project = newProject();
    String path = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("up"));
    receiver.stubFor(
        post(urlEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(204)));
    String webhookId = createWebhook(project, path, "*").get("id").asString();

    String eventId = publish(project, "bot.status.changed", "session:s1").get("id").asString();

    JsonNode delivery = awaitDelivery(project, webhookId, eventId, status("delivered"));
    JsonNode attempts =
        getJson(project, "/v1/deliveries/" + delivery.get("id").asString()).get("attempts");
    Instant first = Instant.parse(attempts.get(0).get("startedAt").asString());
    Instant second = Instant.parse(attempts.get(1).get("startedAt").asString());
    // the schedule alone would retry after 300 ms; Retry-After asked for a second
    assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void timeoutConnectionResetAndEmptyReply_areFailedAttemptsWithTheirError() {
    TestProject project = newProject();
    String slow = "/hooks/" + UUID.randomUUID();
    String reset = "/hooks/" + UUID.randomUUID();
    String empty = "/hooks/" + UUID.randomUUID();
    receiver.stubFor(
        post(urlEqualTo(slow)).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
    receiver.stubFor(
        post(urlEqualTo(reset)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    receiver.stubFor(
        post(urlEqualTo(empty)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    String slowId = createWebhook(project, slow, "*").get("id").asString();
    String resetId = createWebhook(project, reset, "*").get("id").asString();
    String emptyId = createWebhook(project, empty, "*").get("id").asString();

    String eventId = publish(project, "bot.status.changed", "session:s1").get("id").asString();

    for (String webhookId : List.of(slowId, resetId, emptyId)) {
      JsonNode delivery =
          awaitDelivery(project, webhookId, eventId, d -> d.get("attempt").asInt() >= 1);
      assertThat(delivery.get("status").asString()).isIn("retrying", "failed");
      assertThat(delivery.get("lastResponseStatus").isNull()).isTrue();
      assertThat(delivery.get("lastError").asString()).isNotBlank();
    }
    assertThat(
            awaitDelivery(project, slowId, eventId, d -> d.get("attempt").asInt() >= 1)
                .get("lastError")
                .asString())
        .contains("timed out");
  }

  @Test
  void redirect_isAFailedAttempt_andIsNotFollowed() {
    TestProject project = newProject();
    String path = "/hooks/" + UUID.randomUUID();
    String target = endpoint(204);
    receiver.stubFor(
        post(urlEqualTo(path))
            .willReturn(aResponse().withStatus(302).withHeader("Location", url(target))));
    String webhookId = createWebhook(project, path, "bot.*").get("id").asString();

    String eventId = publish(project, "bot.status.changed", "session:s1").get("id").asString();

    JsonNode delivery =
        awaitDelivery(project, webhookId, eventId, d -> d.get("attempt").asInt() >= 1);
    assertThat(delivery.get("status").asString()).isIn("retrying", "failed");
    assertThat(delivery.get("lastResponseStatus").asInt()).isEqualTo(302);
    assertThat(received(target)).isEmpty();
  }

  @Test
  void webhookOfOneProject_neverReceivesAnothersEvents_norShowsItsDeliveries() {
    TestProject a = newProject();
    TestProject b = newProject();
    String aPath = endpoint(204);
    String bPath = endpoint(204);
    JsonNode aHook = createWebhook(a, aPath, "bot.*");
    createWebhook(b, bPath, "bot.*");

    String bEvent = publish(b, "bot.status.changed", "session:b").get("id").asString();
    String aEvent = publish(a, "bot.status.changed", "session:a").get("id").asString();

    awaitReceived(aPath, 1);
    awaitReceived(bPath, 1);
    assertThat(received(aPath))
        .extracting(r -> r.getHeader("webhook-id"))
        .containsExactly(aEvent)
        .doesNotContain(bEvent);
    String aDelivery = deliveries(a, "").get(0).get("id").asString();
    as(b).get().uri("/v1/deliveries/{id}", aDelivery).exchange().expectStatus().isNotFound();
    as(b)
        .get()
        .uri("/v1/webhooks/{id}", aHook.get("id").asString())
        .exchange()
        .expectStatus()
        .isNotFound();
    as(b)
        .get()
        .uri("/v1/webhooks/{id}/deliveries", aHook.get("id").asString())
        .exchange()
        .expectStatus()
        .isNotFound();
    assertThat(deliveries(b, ""))
        .extracting(d -> d.get("eventId").asString())
        .doesNotContain(aEvent);
  }

  @Test
  void burstBeyondOneEndpointsLane_isDeliveredOnceEach_andTheDispatcherLetsGoOfEverything() {
    TestProject project = newProject();
    String path = endpoint(204);
    String webhookId = createWebhook(project, path, "message.created").get("id").asString();
    int burst = 150; // beyond the endpoint's 16 in flight + 32 waiting, so some go round again

    for (int i = 0; i < burst; i++) {
      publish(project, "message.created", "session:burst");
    }

    awaitReceived(path, burst);
    assertThat(received(path).stream().map(r -> r.getHeader("webhook-id")).distinct())
        .hasSize(burst);
    await()
        .atMost(BOUND)
        .until(
            () ->
                deliveries(project, "webhookId=" + webhookId).stream()
                    .allMatch(d -> d.get("status").asString().equals("delivered")));
    assertThat(deliveries(project, "webhookId=" + webhookId))
        .allSatisfy(d -> assertThat(d.get("attempt").asInt()).isEqualTo(1));
    // every delivery it claimed is given up once sent and recorded: nothing stays held
    await()
        .atMost(BOUND)
        .until(() -> meters.get("herald.webhooks.dispatch.held").gauge().value() == 0);
  }

  @Test
  void deliveryDueAtOnce_isCreatedClaimedByTheFanOutsInstance_andSentWithoutAClaimOfItsOwn() {
    TestProject project = newProject();
    String path = endpoint(204);
    String webhookId = createWebhook(project, path, "message.created").get("id").asString();
    double before = claimed("at-creation");

    JsonNode event = publish(project, "message.created", "session:claimed");

    awaitReceived(path, 1);
    awaitDelivery(project, webhookId, event.get("id").asString(), status("delivered"));
    assertThat(claimed("at-creation")).isGreaterThanOrEqualTo(before + 1);
    assertThat(deliveries(project, "webhookId=" + webhookId))
        .singleElement()
        .satisfies(d -> assertThat(d.get("attempt").asInt()).isEqualTo(1));
  }

  private double claimed(String when) {
    return meters
        .get("herald.webhooks.dispatch.claimed")
        .tag("when", when)
        .functionCounter()
        .count();
  }

  @Test
  void metaEvents_reachTheirSubscribers_butDeliveriesOfThemAnnounceNothing() {
    TestProject project = newProject();
    String messages = endpoint(204);
    String meta = endpoint(204);
    createWebhook(project, messages, "message.*");
    String metaHook = createWebhook(project, meta, "webhook.delivery.updated").get("id").asString();

    publish(project, "message.created", "session:s1");

    awaitReceived(messages, 1);
    List<LoggedRequest> announced = awaitReceived(meta, 1);
    JsonNode update = JSON.readTree(announced.get(0).getBodyAsString());
    assertThat(update.get("type").asString()).isEqualTo("webhook.delivery.updated");
    assertThat(update.get("payload").get("action").asString()).isEqualTo("updated");
    assertThat(update.get("payload").get("data").get("status").asString()).isEqualTo("delivered");
    assertThat(update.get("payload").get("changes").get("status").asString()).isEqualTo("pending");
    awaitDelivery(project, metaHook, update.get("id").asString(), status("delivered"));
    // the meta-event's own delivery changed status too, but announced nothing
    List<String> metaEvents = new ArrayList<>();
    getJson(project, "/v1/events?types=webhook.delivery.updated&limit=100")
        .get("data")
        .forEach(e -> metaEvents.add(e.get("payload").get("data").get("eventType").asString()));
    assertThat(metaEvents).containsOnly("message.created");
  }

  @Test
  void testSend_postsASignedExampleAndReportsTheOutcome() {
    TestProject project = newProject();
    String path = endpoint(202);
    JsonNode webhook = createWebhook(project, path, "*");

    byte[] body =
        as(project)
            .post()
            .uri("/v1/webhooks/{id}/test", webhook.get("id").asString())
            .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
            .bodyValue("{\"eventType\":\"sanction.updated\"}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();

    JsonNode outcome = JSON.readTree(body);
    assertThat(outcome.get("succeeded").asBoolean()).isTrue();
    assertThat(outcome.get("responseStatus").asInt()).isEqualTo(202);
    LoggedRequest request = received(path).get(0);
    Webhook.verify(webhook.get("secret").asString(), headersOf(request), request.getBody());
    assertThat(JSON.readTree(request.getBodyAsString()).get("type").asString())
        .isEqualTo("sanction.updated");
  }

  private List<String> metaEventStatuses(TestProject project, String deliveryId) {
    List<String> moves = new ArrayList<>();
    getJson(
            project,
            "/v1/events?types=webhook.delivery.updated&resourceId=delivery:"
                + deliveryId
                + "&limit=100")
        .get("data")
        .forEach(
            e ->
                moves.add(
                    e.get("payload").get("changes").get("status").asString()
                        + "->"
                        + e.get("payload").get("data").get("status").asString()));
    return moves;
  }

  private static List<String> types(List<LoggedRequest> requests) {
    return requests.stream()
        .map(r -> JSON.readTree(r.getBodyAsString()).get("type").asString())
        .toList();
  }

  private static Map<String, String> headersOf(LoggedRequest request) {
    return Map.of(
        "webhook-id", request.getHeader("webhook-id"),
        "webhook-timestamp", request.getHeader("webhook-timestamp"),
        "webhook-signature", request.getHeader("webhook-signature"));
  }

  /** The Standard Webhooks check written from the specification, independent of Herald's code. */
  private static boolean independentlyVerified(
      String secret, Map<String, String> headers, byte[] body) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String prefix = headers.get("webhook-id") + "." + headers.get("webhook-timestamp") + ".";
      byte[] content = new byte[prefix.length() + body.length];
      System.arraycopy(prefix.getBytes(StandardCharsets.UTF_8), 0, content, 0, prefix.length());
      System.arraycopy(body, 0, content, prefix.length(), body.length);
      String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content));
      for (String signature : headers.get("webhook-signature").split(" ")) {
        if (java.security.MessageDigest.isEqual(
            signature.getBytes(StandardCharsets.UTF_8),
            expected.getBytes(StandardCharsets.UTF_8))) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
