package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Bad input of every kind gets a 4xx problem+json saying what is wrong, never a 500. */
class BadRequestsIntegrationTests extends ApiIntegrationTest {

  private static final String KEY = "{key}";
  private static final String ADMIN = "Bearer " + ADMIN_TOKEN;
  private static TestProject project;
  private static String webhookId;
  private static String otherWebhookId;

  /** One malformed request and the status it must get. */
  record Case(
      String name,
      HttpMethod method,
      String uri,
      Map<String, String> headers,
      String contentType,
      String body,
      int status) {

    @Override
    public String toString() {
      return name + " -> " + status;
    }
  }

  private static Case json(String name, String uri, String body, int status) {
    return new Case(
        name, HttpMethod.POST, uri, Map.of("Authorization", KEY), "application/json", body, status);
  }

  private static Case event(String name, String body, int status) {
    return json(name, "/v1/events", body, status);
  }

  private static Case get(String name, String uri, int status) {
    return new Case(name, HttpMethod.GET, uri, Map.of("Authorization", KEY), null, null, status);
  }

  private static Case admin(String name, HttpMethod method, String uri, String body, int status) {
    return new Case(
        name, method, uri, Map.of("Authorization", ADMIN), "application/json", body, status);
  }

  static Stream<Case> cases() {
    String ok = "\"resourceId\":\"session:s1\",\"data\":{}";
    return Stream.of(
        event("malformed JSON", "{\"type\":", 400),
        event("empty body", "", 400),
        event("a JSON array", "[]", 400),
        event("a JSON string", "\"message.created\"", 400),
        event(
            "an unknown field",
            "{\"type\":\"message.created\"," + ok + ",\"colour\":\"red\"}",
            400),
        event("type of the wrong JSON type", "{\"type\":[\"message.created\"]," + ok + "}", 400),
        event(
            "resourceId an object",
            "{\"type\":\"message.created\",\"resourceId\":{\"a\":1},\"data\":{}}",
            400),
        event("type missing", "{" + ok + "}", 422),
        event("type not in the catalog", "{\"type\":\"message.deleted\"," + ok + "}", 422),
        event("type emitted by Herald itself", "{\"type\":\"gathering.created\"," + ok + "}", 422),
        event(
            "action not the catalog's",
            "{\"type\":\"message.created\",\"action\":\"updated\"," + ok + "}",
            422),
        event("resourceId missing", "{\"type\":\"message.created\",\"data\":{}}", 422),
        event(
            "resourceId without kind",
            "{\"type\":\"message.created\",\"resourceId\":\"abc\",\"data\":{}}",
            422),
        event(
            "resourceId with spaces",
            "{\"type\":\"message.created\",\"resourceId\":\"session:a b\",\"data\":{}}",
            422),
        event("data missing", "{\"type\":\"message.created\",\"resourceId\":\"session:s1\"}", 422),
        event(
            "data an array",
            "{\"type\":\"message.created\",\"resourceId\":\"session:s1\",\"data\":[1]}",
            422),
        event(
            "data a string",
            "{\"type\":\"message.created\",\"resourceId\":\"session:s1\",\"data\":\"x\"}",
            422),
        event("updated without changes", "{\"type\":\"sanction.updated\"," + ok + "}", 422),
        event(
            "created with changes",
            "{\"type\":\"message.created\"," + ok + ",\"changes\":{}}",
            422),
        event(
            "source with spaces",
            "{\"type\":\"message.created\",\"source\":\"my bot\"," + ok + "}",
            422),
        new Case(
            "text/plain body",
            HttpMethod.POST,
            "/v1/events",
            Map.of("Authorization", KEY),
            "text/plain",
            "hello",
            415),
        event(
            "body over 1 MiB",
            "{\"type\":\"message.created\"," + ok + ",\"x\":\"" + "a".repeat(1_100_000) + "\"}",
            413),
        new Case(
            "Idempotency-Key too long",
            HttpMethod.POST,
            "/v1/events",
            Map.of("Authorization", KEY, "Idempotency-Key", "k".repeat(300)),
            "application/json",
            "{\"type\":\"message.created\"," + ok + "}",
            400),
        get("limit zero", "/v1/events?limit=0", 400),
        get("limit too large", "/v1/events?limit=1000", 400),
        get("limit not a number", "/v1/events?limit=many", 400),
        get("malformed type pattern", "/v1/events?types=Message..*", 400),
        get("wildcard in the middle", "/v1/events?types=message.*.created", 400),
        get("cursor of no event", "/v1/events?after=evt_nope", 400),
        get("unknown event", "/v1/events/evt_nope", 404),
        new Case(
            "Last-Event-ID not an id",
            HttpMethod.GET,
            "/v1/events/stream",
            Map.of("Authorization", KEY, "Last-Event-ID", "yesterday"),
            null,
            null,
            400),
        new Case(
            "Last-Event-ID of no event",
            HttpMethod.GET,
            "/v1/events/stream",
            Map.of("Authorization", KEY, "Last-Event-ID", "999999999"),
            null,
            null,
            400),
        get("malformed stream pattern", "/v1/events/stream?types=*.created", 400),
        new Case(
            "DELETE on the event list",
            HttpMethod.DELETE,
            "/v1/events",
            Map.of("Authorization", KEY),
            null,
            null,
            405),
        new Case(
            "PUT on the catalog",
            HttpMethod.PUT,
            "/v1/event-types",
            Map.of("Authorization", KEY),
            "application/json",
            "{}",
            405),
        get("unknown path", "/v1/nothing-here", 404),
        new Case("no Authorization", HttpMethod.GET, "/v1/events", Map.of(), null, null, 401),
        new Case(
            "Basic instead of Bearer",
            HttpMethod.GET,
            "/v1/events",
            Map.of("Authorization", "Basic dXNlcjpwYXNz"),
            null,
            null,
            401),
        new Case(
            "unknown API key",
            HttpMethod.GET,
            "/v1/events",
            Map.of("Authorization", "Bearer hrd_unknown"),
            null,
            null,
            401),
        new Case(
            "empty Bearer",
            HttpMethod.GET,
            "/v1/events",
            Map.of("Authorization", "Bearer "),
            null,
            null,
            401),
        new Case(
            "admin without token",
            HttpMethod.POST,
            "/admin/projects",
            Map.of(),
            "application/json",
            "{\"name\":\"x\"}",
            401),
        new Case(
            "admin with a wrong token",
            HttpMethod.POST,
            "/admin/projects",
            Map.of("Authorization", "Bearer nope"),
            "application/json",
            "{\"name\":\"x\"}",
            401),
        new Case(
            "admin with an API key",
            HttpMethod.POST,
            "/admin/projects",
            Map.of("Authorization", KEY),
            "application/json",
            "{\"name\":\"x\"}",
            401),
        admin("project without a name", HttpMethod.POST, "/admin/projects", "{}", 422),
        admin(
            "project name of the wrong type",
            HttpMethod.POST,
            "/admin/projects",
            "{\"name\":[\"x\"]}",
            400),
        admin(
            "project under an unknown tenant",
            HttpMethod.POST,
            "/admin/projects",
            "{\"name\":\"x\",\"tenantId\":\"ten_nope\"}",
            422),
        admin(
            "key for an unknown project",
            HttpMethod.POST,
            "/admin/projects/prj_nope/keys",
            null,
            404),
        admin("revoking an unknown key", HttpMethod.DELETE, "/admin/keys/key_nope", null, 404),
        json("webhook without url", "/v1/webhooks", "{\"eventTypes\":[\"*\"]}", 422),
        json(
            "webhook without eventTypes",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\"}",
            422),
        json(
            "webhook url not a URL",
            "/v1/webhooks",
            "{\"url\":\"not a url\",\"eventTypes\":[\"*\"]}",
            422),
        json(
            "webhook url not http",
            "/v1/webhooks",
            "{\"url\":\"ftp://example.com/h\",\"eventTypes\":[\"*\"]}",
            422),
        json(
            "webhook url with credentials",
            "/v1/webhooks",
            "{\"url\":\"https://u:p@example.com/h\",\"eventTypes\":[\"*\"]}",
            422),
        json(
            "webhook url without host",
            "/v1/webhooks",
            "{\"url\":\"https:///h\",\"eventTypes\":[\"*\"]}",
            422),
        json(
            "no event types",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[]}",
            422),
        json(
            "unknown exact event type",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"message.deleted\"]}",
            422),
        json(
            "malformed pattern",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"Message.*\"]}",
            422),
        json(
            "pattern matching no type",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"invoice.*\"]}",
            422),
        json(
            "eventTypes a string",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":{\"a\":1}}",
            400),
        json(
            "reserved header",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"headers\":{\"Webhook-Signature\":\"x\"}}",
            422),
        json(
            "unknown signature scheme",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"signatureScheme\":\"rsa\"}",
            422),
        json(
            "negative rate limit",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"rateLimit\":-1}",
            422),
        json(
            "rate limit over 10,000/s",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"rateLimit\":10001}",
            422),
        json(
            "rate limit not a number",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"rateLimit\":\"fast\"}",
            400),
        json(
            "header value a number",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"headers\":{\"X-A\":1}}",
            422),
        json(
            "header name with a space",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"headers\":{\"X A\":\"v\"}}",
            422),
        json(
            "header value over two lines",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"headers\":{\"X-A\":\"a\\nb\"}}",
            422),
        json(
            "headers an array",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"headers\":[\"X-A\"]}",
            422),
        json(
            "metadata an array",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"metadata\":[1]}",
            422),
        json(
            "description too long",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"description\":\""
                + "d".repeat(1001)
                + "\"}",
            422),
        json(
            "enabled not a boolean",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"enabled\":\"sometimes\"}",
            400),
        json(
            "webhook with an unknown field",
            "/v1/webhooks",
            "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"secret\":\"mine\"}",
            400),
        json("webhook body malformed", "/v1/webhooks", "{\"url\":", 400),
        get("unknown webhook", "/v1/webhooks/wh_nope", 404),
        get("secret of an unknown webhook", "/v1/webhooks/wh_nope/secret", 404),
        get("deliveries of an unknown webhook", "/v1/webhooks/wh_nope/deliveries", 404),
        get("webhook list cursor of no webhook", "/v1/webhooks?after=wh_nope", 400),
        get("webhook list limit zero", "/v1/webhooks?limit=0", 400),
        new Case(
            "patch of an unknown webhook",
            HttpMethod.PATCH,
            "/v1/webhooks/wh_nope",
            Map.of("Authorization", KEY),
            "application/json",
            "{\"enabled\":false}",
            404),
        new Case(
            "patch with a bad url",
            HttpMethod.PATCH,
            "/v1/webhooks/{webhook}",
            Map.of("Authorization", KEY),
            "application/json",
            "{\"url\":\"gopher://x\"}",
            422),
        new Case(
            "patch with no event types",
            HttpMethod.PATCH,
            "/v1/webhooks/{webhook}",
            Map.of("Authorization", KEY),
            "application/json",
            "{\"eventTypes\":[]}",
            422),
        new Case(
            "patch with an unknown field",
            HttpMethod.PATCH,
            "/v1/webhooks/{webhook}",
            Map.of("Authorization", KEY),
            "application/json",
            "{\"colour\":\"red\"}",
            400),
        new Case(
            "delete of an unknown webhook",
            HttpMethod.DELETE,
            "/v1/webhooks/wh_nope",
            Map.of("Authorization", KEY),
            null,
            null,
            404),
        new Case(
            "PUT on a webhook",
            HttpMethod.PUT,
            "/v1/webhooks/{webhook}",
            Map.of("Authorization", KEY),
            "application/json",
            "{}",
            405),
        json(
            "test send of an unknown type",
            "/v1/webhooks/{webhook}/test",
            "{\"eventType\":\"invoice.paid\"}",
            422),
        json("test send to an unknown webhook", "/v1/webhooks/wh_nope/test", "{}", 404),
        get("delivery status unknown", "/v1/deliveries?status=done", 400),
        get("delivery since not a time", "/v1/deliveries?since=yesterday", 400),
        get("delivery cursor of no delivery", "/v1/deliveries?after=dlv_nope", 400),
        get("delivery limit negative", "/v1/deliveries?limit=-1", 400),
        get("unknown delivery", "/v1/deliveries/dlv_nope", 404),
        json("retry of an unknown delivery", "/v1/deliveries/dlv_nope/retry", "{}", 404),
        get("a webhook of another project", "/v1/webhooks/{otherWebhook}", 404));
  }

  @BeforeEach
  void project() {
    if (project == null) {
      project = newProject();
      webhookId = createWebhook(project);
      otherWebhookId = createWebhook(newProject());
    }
  }

  private String createWebhook(TestProject owner) {
    byte[] body =
        as(owner)
            .post()
            .uri("/v1/webhooks")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(
                "{\"url\":\"http://localhost:9/unused\",\"eventTypes\":[\"sanction.revoked\"]}")
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JsonMapper.shared().readTree(body).get("id").asString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput_getsAProblemDocument(Case c) {
    Map<String, String> headers = new LinkedHashMap<>(c.headers());
    headers.replaceAll((name, value) -> value.replace(KEY, "Bearer " + project.apiKey()));
    String uri = c.uri().replace("{webhook}", webhookId).replace("{otherWebhook}", otherWebhookId);
    var request = http.method(c.method()).uri(uri).headers(h -> headers.forEach(h::set));
    if (c.contentType() != null) {
      request.header("Content-Type", c.contentType());
    }
    var exchange = c.body() == null ? request.exchange() : request.bodyValue(c.body()).exchange();

    byte[] body =
        exchange
            .expectStatus()
            .isEqualTo(c.status())
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();

    JsonNode problem = JsonMapper.shared().readTree(body);
    assertThat(problem.get("status").asInt()).isEqualTo(c.status());
    assertThat(problem.get("type").asString()).startsWith("urn:herald:problem:");
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(problem.get("detail").asString())
        .isNotBlank()
        .doesNotContain("dev.herald", "Exception", "SQL");
    if (c.status() == 422) {
      assertThat(problem.get("errors")).isNotEmpty();
    }
  }
}
