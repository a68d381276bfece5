package dev.herald.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class WebhookApiIntegrationTests extends WebhookTestSupport {

  @Test
  void create_returnsTheWebhookWithItsSecretOnce() {
    TestProject project = newProject();

    JsonNode created =
        createWebhook(
            project,
            "{\"url\":\""
                + url("/x")
                + "\",\"eventTypes\":[\"message.*\",\"bot.status.changed\"],"
                + "\"description\":\"orders\",\"metadata\":{\"team\":\"core\"},\"headers\":{\"X-Api-Key\":\"abc\"}}");

    assertThat(created.get("id").asString()).matches("wh_[0-9A-Z]{26}");
    assertThat(created.get("secret").asString()).matches("whsec_[A-Za-z0-9+/]{43}=");
    assertThat(created.get("enabled").asBoolean()).isTrue();
    assertThat(created.get("description").asString()).isEqualTo("orders");
    assertThat(created.get("metadata").get("team").asString()).isEqualTo("core");
    JsonNode fetched = getJson(project, "/v1/webhooks/" + created.get("id").asString());
    assertThat(fetched.has("secret")).isFalse();
    assertThat(fetched.get("eventTypes")).hasSize(2);
    JsonNode listed = getJson(project, "/v1/webhooks").get("data");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).has("secret")).isFalse();
    assertThat(
            getJson(project, "/v1/webhooks/" + created.get("id").asString() + "/secret")
                .get("secret")
                .asString())
        .isEqualTo(created.get("secret").asString());
  }

  @Autowired org.springframework.r2dbc.core.DatabaseClient db;

  @Test
  void secret_isEncryptedInTheDatabase_andShownAsIssued() {
    TestProject project = newProject();
    JsonNode created = createWebhook(project, "/sealed", "*");
    String secret = created.get("secret").asString();

    String stored =
        db.sql("SELECT secret FROM webhooks WHERE id = :id")
            .bind("id", created.get("id").asString())
            .map(row -> row.get("secret", String.class))
            .one()
            .block(BOUND);

    assertThat(stored).startsWith("enc:v1:").doesNotContain(secret.substring(6));
    assertThat(
            getJson(project, "/v1/webhooks/" + created.get("id").asString() + "/secret")
                .get("secret")
                .asString())
        .isEqualTo(secret);
  }

  @Test
  void rateLimit_isSetOnCreate_changedAndRemovedByPatch() {
    TestProject project = newProject();
    String id =
        createWebhook(
                project, "{\"url\":\"" + url("/rl") + "\",\"eventTypes\":[\"*\"],\"rateLimit\":5}")
            .get("id")
            .asString();
    assertThat(getJson(project, "/v1/webhooks/" + id).get("rateLimit").asInt()).isEqualTo(5);

    assertThat(patch(project, id, "{\"description\":\"x\"}").get("rateLimit").asInt()).isEqualTo(5);
    assertThat(patch(project, id, "{\"rateLimit\":20}").get("rateLimit").asInt()).isEqualTo(20);
    assertThat(patch(project, id, "{\"rateLimit\":0}").get("rateLimit").isNull()).isTrue();
    assertThat(createWebhook(project, "/no-limit", "*").get("rateLimit").isNull()).isTrue();
  }

  private JsonNode patch(TestProject project, String id, String body) {
    return JSON.readTree(
        as(project)
            .patch()
            .uri("/v1/webhooks/{id}", id)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  @Test
  void patch_changesOnlyTheGivenFields() {
    TestProject project = newProject();
    String id = createWebhook(project, "/p", "message.*").get("id").asString();

    JsonNode patched =
        JSON.readTree(
            as(project)
                .patch()
                .uri("/v1/webhooks/{id}", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"enabled\":false,\"eventTypes\":[\"*\"]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());

    assertThat(patched.get("enabled").asBoolean()).isFalse();
    assertThat(patched.get("eventTypes").get(0).asString()).isEqualTo("*");
    assertThat(patched.get("url").asString()).isEqualTo(url("/p"));
  }

  @Test
  void delete_removesTheWebhook() {
    TestProject project = newProject();
    String id = createWebhook(project, "/d", "*").get("id").asString();

    as(project).delete().uri("/v1/webhooks/{id}", id).exchange().expectStatus().isNoContent();

    as(project).get().uri("/v1/webhooks/{id}", id).exchange().expectStatus().isNotFound();
    as(project).delete().uri("/v1/webhooks/{id}", id).exchange().expectStatus().isNotFound();
  }

  @Test
  void list_pagesWithACursor() {
    TestProject project = newProject();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(createWebhook(project, "/l" + i, "*").get("id").asString());
    }

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          getJson(project, "/v1/webhooks?limit=2" + (cursor == null ? "" : "&after=" + cursor));
      page.get("data").forEach(w -> seen.add(w.get("id").asString()));
      cursor = page.get("hasMore").asBoolean() ? page.get("nextCursor").asString() : null;
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(ids);
  }

  @Test
  void customHeaders_areSentBesideOurs() {
    TestProject project = newProject();
    String path = endpoint(204);
    createWebhook(
        project,
        "{\"url\":\""
            + url(path)
            + "\",\"eventTypes\":[\"bot.*\"],\"headers\":{\"X-Api-Key\":\"abc\",\"X-Team\":\"core\"}}");

    publish(project, "bot.status.changed", "session:s");

    LoggedRequest request = awaitReceived(path, 1).get(0);
    assertThat(request.getHeader("X-Api-Key")).isEqualTo("abc");
    assertThat(request.getHeader("X-Team")).isEqualTo("core");
    assertThat(request.getHeader("webhook-signature")).startsWith("v1,");
  }

  @Test
  void deliveryLog_filtersByWebhookStatusEventTypeAndTime() {
    TestProject project = newProject();
    String ok = endpoint(204);
    String okId = createWebhook(project, ok, "bot.*", "sanction.*").get("id").asString();
    String before = java.time.Instant.now().minusSeconds(60).toString();

    String botEvent = publish(project, "bot.status.changed", "session:s").get("id").asString();
    String sanctionEvent = publish(project, "sanction.created", "sanction:x").get("id").asString();
    awaitDelivery(project, okId, botEvent, status("delivered"));
    awaitDelivery(project, okId, sanctionEvent, status("delivered"));

    assertThat(deliveries(project, "eventType=bot.status.changed"))
        .extracting(d -> d.get("eventId").asString())
        .containsExactly(botEvent);
    assertThat(deliveries(project, "status=delivered&webhookId=" + okId)).hasSize(2);
    assertThat(deliveries(project, "status=failed")).isEmpty();
    assertThat(deliveries(project, "since=" + before)).hasSize(2);
    assertThat(deliveries(project, "since=" + java.time.Instant.now().plusSeconds(60))).isEmpty();
    JsonNode viaWebhook = getJson(project, "/v1/webhooks/" + okId + "/deliveries?limit=1");
    assertThat(viaWebhook.get("data")).hasSize(1);
    assertThat(viaWebhook.get("hasMore").asBoolean()).isTrue();
    JsonNode next =
        getJson(
            project,
            "/v1/webhooks/"
                + okId
                + "/deliveries?limit=1&after="
                + viaWebhook.get("nextCursor").asString());
    assertThat(next.get("data").get(0).get("id").asString())
        .isNotEqualTo(viaWebhook.get("data").get(0).get("id").asString());
  }
}
