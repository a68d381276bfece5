package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code Idempotency-Key} on the API's POST requests other than publishing an event. */
class IdempotencyIntegrationTests extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String WEBHOOK =
      "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[\"*\"]}";

  @Autowired DatabaseClient db;

  private EntityExchangeResult<byte[]> post(
      TestProject project, String path, String key, String body) {
    return as(project)
        .post()
        .uri(path)
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static JsonNode json(EntityExchangeResult<byte[]> result) {
    return JSON.readTree(result.getResponseBody());
  }

  private int count(TestProject project, String path) {
    return JSON.readTree(
            as(project)
                .get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody())
        .get("data")
        .size();
  }

  @Test
  void retryWithTheSameKey_getsTheFirstResponseAndCreatesNothingMore() {
    TestProject project = newProject();

    var first = post(project, "/v1/webhooks", "create-hook-1", WEBHOOK);
    // the same request, spaced differently: JSON is compared by value
    var retry =
        post(
            project,
            "/v1/webhooks",
            "create-hook-1",
            "{ \"url\": \"http://127.0.0.1:9/hook\",\n  \"eventTypes\": [\"*\"] }");

    assertThat(first.getStatus().value()).isEqualTo(201);
    assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(retry.getStatus().value()).isEqualTo(201);
    assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.getResponseHeaders().getContentType())
        .isEqualTo(first.getResponseHeaders().getContentType());
    assertThat(json(retry)).isEqualTo(json(first));
    assertThat(json(first).get("secret").asString()).startsWith("whsec_");
    assertThat(count(project, "/v1/webhooks")).isEqualTo(1);
  }

  @Test
  void retryWithTheBodysKeysReordered_isTheSameRequest() {
    TestProject project = newProject();
    post(project, "/v1/webhooks", "ordered", WEBHOOK);

    var retry =
        post(
            project,
            "/v1/webhooks",
            "ordered",
            "{\"eventTypes\":[\"*\"],\"url\":\"http://127.0.0.1:9/hook\"}");

    assertThat(retry.getStatus().value()).isEqualTo(201);
    assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void keptResponse_isSealed_soTheSecretItCarriesIsNotInTheDatabase() {
    TestProject project = newProject();
    String secret = json(post(project, "/v1/webhooks", "sealed", WEBHOOK)).get("secret").asString();

    byte[] kept =
        db.sql("SELECT body FROM idempotent_requests WHERE project_id = :p AND key = 'sealed'")
            .bind("p", project.projectId())
            .map(row -> row.get("body", byte[].class))
            .one()
            .block(Duration.ofSeconds(10));

    String stored = new String(kept, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(stored).startsWith("enc:v1:").doesNotContain(secret.substring(6));
  }

  @Test
  void sameKeyWithAnotherBodyOrPath_isA422AndChangesNothing() {
    TestProject project = newProject();
    post(project, "/v1/webhooks", "k", WEBHOOK);

    var otherBody = post(project, "/v1/webhooks", "k", WEBHOOK.replace("\"*\"", "\"message.*\""));
    var otherPath = post(project, "/v1/participants", "k", "{\"id\":\"p1\"}");

    for (var refused : List.of(otherBody, otherPath)) {
      assertThat(refused.getStatus().value()).isEqualTo(422);
      assertThat(refused.getResponseHeaders().getContentType())
          .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
      assertThat(json(refused).get("code").asString()).isEqualTo("idempotency_key_reused");
      assertThat(json(refused).get("detail").asString()).contains("'k'", "different request");
    }
    assertThat(count(project, "/v1/webhooks")).isEqualTo(1);
    assertThat(count(project, "/v1/participants")).isZero();
  }

  @Test
  void failedRequest_givesItsKeyBack_soTheCorrectedRequestRuns() {
    TestProject project = newProject();

    var invalid =
        post(project, "/v1/webhooks", "fix-me", "{\"url\":\"ftp://x\",\"eventTypes\":[]}");
    var corrected = post(project, "/v1/webhooks", "fix-me", WEBHOOK);

    assertThat(invalid.getStatus().value()).isEqualTo(422);
    assertThat(corrected.getStatus().value()).isEqualTo(201);
    assertThat(corrected.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(count(project, "/v1/webhooks")).isEqualTo(1);
  }

  @Test
  void concurrentRetries_createOnceAndAllGetTheSameAnswer() {
    TestProject project = newProject();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    Set<Integer> statuses = ConcurrentHashMap.newKeySet();

    Flux.range(0, 8)
        .parallel(8)
        .runOn(Schedulers.boundedElastic())
        .doOnNext(
            i -> {
              var result = post(project, "/v1/participants", "race", "{\"id\":\"racer\"}");
              statuses.add(result.getStatus().value());
              ids.add(json(result).get("id").asString());
            })
        .sequential()
        .blockLast(Duration.ofSeconds(30));

    assertThat(statuses).containsExactly(201);
    assertThat(ids).containsExactly("racer");
    assertThat(count(project, "/v1/participants")).isEqualTo(1);
  }

  @Test
  void keysBelongToTheirProject() {
    TestProject a = newProject();
    TestProject b = newProject();

    var inA = post(a, "/v1/webhooks", "shared-key", WEBHOOK);
    var inB = post(b, "/v1/webhooks", "shared-key", WEBHOOK);

    assertThat(inB.getStatus().value()).isEqualTo(201);
    assertThat(inB.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(json(inB).get("id")).isNotEqualTo(json(inA).get("id"));
  }

  @Test
  void rotatingTheSecretTwiceWithOneKey_rotatesOnce() {
    TestProject project = newProject();
    String webhookId = json(post(project, "/v1/webhooks", "hook", WEBHOOK)).get("id").asString();
    String path = "/v1/webhooks/" + webhookId + "/rotate-secret";

    var first = post(project, path, "rotate-1", "{}");
    var retry = post(project, path, "rotate-1", "{}");

    assertThat(first.getStatus().value()).isEqualTo(200);
    assertThat(json(retry)).isEqualTo(json(first));
    String current =
        JSON.readTree(
                as(project)
                    .get()
                    .uri("/v1/webhooks/" + webhookId + "/secret")
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getResponseBody())
            .get("secret")
            .asString();
    assertThat(current).isEqualTo(json(first).get("secret").asString());
  }

  @Test
  void keyOfARequestThatDiedMidway_isTakenOverOnceItsHoldRunsOut() {
    TestProject project = newProject();
    // what a Herald that died while running the first request leaves behind
    var first = post(project, "/v1/participants", "died", "{\"id\":\"p-died\"}");
    db.sql(
            "UPDATE idempotent_requests SET status = NULL, body = NULL,"
                + " locked_until = now() - interval '1 second'"
                + " WHERE project_id = :projectId AND key = 'died'")
        .bind("projectId", project.projectId())
        .then()
        .block(Duration.ofSeconds(10));
    as(project).delete().uri("/v1/participants/p-died").exchange().expectStatus().is2xxSuccessful();

    var retry = post(project, "/v1/participants", "died", "{\"id\":\"p-died\"}");

    assertThat(first.getStatus().value()).isEqualTo(201);
    assertThat(retry.getStatus().value()).isEqualTo(201);
    assertThat(retry.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
    assertThat(count(project, "/v1/participants")).isEqualTo(1);
  }

  @Test
  void keyHeldByARunningRequest_isA409AfterTheWait() {
    TestProject project = newProject();
    post(project, "/v1/participants", "held", "{\"id\":\"p-held\"}");
    // a first request still running (held for a minute more, no answer yet)
    db.sql(
            "UPDATE idempotent_requests SET status = NULL, body = NULL,"
                + " locked_until = now() + interval '1 minute'"
                + " WHERE project_id = :projectId AND key = 'held'")
        .bind("projectId", project.projectId())
        .then()
        .block(Duration.ofSeconds(10));

    var retry = post(project, "/v1/participants", "held", "{\"id\":\"p-held\"}");

    assertThat(retry.getStatus().value()).isEqualTo(409);
    assertThat(json(retry).get("code").asString()).isEqualTo("idempotency_key_in_use");
    assertThat(json(retry).get("detail").asString()).contains("still running");
  }

  @Test
  void unsuitableKey_isA400() {
    TestProject project = newProject();

    var tooLong = post(project, "/v1/participants", "k".repeat(256), "{\"id\":\"p\"}");

    assertThat(tooLong.getStatus().value()).isEqualTo(400);
    assertThat(json(tooLong).get("detail").asString()).contains("Idempotency-Key", "255");
    assertThat(count(project, "/v1/participants")).isZero();
  }
}
