package dev.herald.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed OpenAPI document ({@code api/openapi.json}) is the one the code serves. After
 * changing the API, rewrite it with {@code ./mvnw -pl api test
 * -Dtest=OpenApiDocumentIntegrationTests -Dherald.openapi.update=true} and review the diff with the
 * change.
 */
class OpenApiDocumentIntegrationTests extends ApiIntegrationTest {

  private static final Path COMMITTED = Path.of("openapi.json");
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private JsonNode served() {
    return JSON.readTree(
        http.get()
            .uri("/openapi.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  @Test
  void servedDocument_isTheCommittedOne() throws Exception {
    String served = JSON.writeValueAsString(JSON.treeToValue(served(), Object.class)) + "\n";
    Files.writeString(Path.of("target", "openapi.served.json"), served, StandardCharsets.UTF_8);
    if (Boolean.getBoolean("herald.openapi.update")) {
      Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
    }

    assertThat(served)
        .as(
            "api/openapi.json differs from the document the code serves"
                + " (api/target/openapi.served.json): rewrite it with -Dherald.openapi.update=true"
                + " (see this test's Javadoc) and review the diff")
        .isEqualTo(Files.readString(COMMITTED, StandardCharsets.UTF_8));
  }

  @Test
  void everyOperation_listsTheProblemAnswersThatApplyToIt() {
    JsonNode paths = served().get("paths");

    assertThat(statuses(paths, "/v1/webhooks", "post"))
        .contains("201", "400", "401", "409", "413", "422", "503", "default")
        .doesNotContain("404", "429");
    assertThat(statuses(paths, "/v1/webhooks", "get"))
        .contains("200", "400", "401", "503")
        .doesNotContain("404", "409", "422");
    assertThat(statuses(paths, "/v1/webhooks/{webhookId}", "get")).contains("404");
    assertThat(statuses(paths, "/v1/events/stream", "get")).contains("400", "401", "429");
    assertThat(statuses(paths, "/v1/gatherings/{gatheringId}/members/watch", "get"))
        .contains("404", "429");
    assertThat(statuses(paths, "/v1/gatherings/join", "post")).contains("404", "422", "429");
    assertThat(statuses(paths, "/v1/participants/{participantId}", "delete")).contains("409");
    assertThat(statuses(paths, "/admin/projects", "post")).contains("401", "404", "422");

    JsonNode components = served().get("components").get("responses");
    JsonNode refused = paths.get("/v1/events/stream").get("get").get("responses").get("429");
    String name = refused.get("$ref").asString().replace("#/components/responses/", "");
    assertThat(components.get(name).get("content").get("application/problem+json")).isNotNull();
    assertThat(components.get(name).get("headers").has("Retry-After")).isTrue();
  }

  private static java.util.Set<String> statuses(JsonNode paths, String path, String method) {
    return new java.util.TreeSet<>(paths.get(path).get(method).get("responses").propertyNames());
  }

  @Test
  void document_describesEveryResourceWithItsKeyAndErrors() {
    JsonNode document = served();

    assertThat(document.get("paths").propertyNames())
        .contains(
            "/v1/events",
            "/v1/webhooks",
            "/v1/webhooks/{webhookId}/rotate-secret",
            "/v1/deliveries",
            "/v1/gatherings",
            "/v1/gatherings/{gatheringId}/members",
            "/v1/participants",
            "/admin/projects")
        .noneMatch(path -> path.startsWith("/invitations/") || path.startsWith("/actuator"));
    JsonNode create = document.get("paths").get("/v1/webhooks").get("post");
    assertThat(create.get("security").get(0).has("apiKey")).isTrue();
    assertThat(
            create.get("responses").get("default").get("content").has("application/problem+json"))
        .isTrue();
    assertThat(create.get("parameters").findValuesAsString("name")).contains("Idempotency-Key");
    assertThat(create.toString()).doesNotContain("projectId\",\"in\"");
    assertThat(
            document
                .get("components")
                .get("schemas")
                .get("WebhookIn")
                .get("properties")
                .propertyNames())
        .contains("url", "eventTypes", "rateLimit", "signatureScheme");
  }
}
