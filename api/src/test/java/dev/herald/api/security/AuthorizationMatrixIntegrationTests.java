package dev.herald.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import dev.herald.api.RouteTable;
import dev.herald.api.RouteTable.Route;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every route Herald serves, read from its own route table, called with every credential that must
 * not open it and in every odd spelling of its path: each answer is a 400, 401, 403 or 404 in
 * problem+json, and afterwards nothing has changed. A new route is covered without a new test; a
 * public route must be named in {@link SecurityConfiguration#PUBLIC_ROUTES} (this test fails on one
 * it does not know).
 */
class AuthorizationMatrixIntegrationTests extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Set<Integer> REFUSED = Set.of(400, 401, 403, 404);

  @Autowired ApplicationContext context;
  @Autowired DatabaseClient db;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyRoute_refusesEveryCredentialThatDoesNotOpenIt_andChangesNothing() throws Exception {
    TestProject victim = newProject();
    TestProject other = newProject();
    String revokedKey = revokedKeyOf(victim);
    String streamToken = streamTokenOf(victim);
    Map<String, String> ids = resourcesOf(victim);
    String before = snapshot(victim);
    ownerKey = victim.apiKey();

    List<Filled> routes = routes(ids);
    assertThat(routes).hasSizeGreaterThan(40);
    List<String> wrong = new ArrayList<>();
    for (Filled route : routes) {
      if (isPublic(route)) {
        continue;
      }
      expectRefused(wrong, route, route.path(), null, "no credential");
      expectRefused(wrong, route, route.path(), revokedKey, "revoked key");
      expectRefused(wrong, route, route.path(), "hrd_" + "x".repeat(43), "unknown key");
      if (route.isAdmin()) {
        expectRefused(wrong, route, route.path(), victim.apiKey(), "project key on /admin");
        expectRefused(wrong, route, route.path(), "hst_" + streamToken, "stream token");
      } else {
        expectRefused(wrong, route, route.path(), ADMIN_TOKEN, "admin token on /v1");
        if (route.namesAResource()) {
          expectRefused(wrong, route, route.path(), other.apiKey(), "another project's key");
        }
        if (!route.pattern().equals("/v1/events/stream")) {
          expectRefused(
              wrong, route, route.path() + "?token=" + streamToken, null, "stream token elsewhere");
        }
      }
      String credential = route.isAdmin() ? ADMIN_TOKEN : victim.apiKey();
      for (Map.Entry<String, String> spelling : spellings(route.path()).entrySet()) {
        expectRefused(wrong, route, spelling.getValue(), null, spelling.getKey());
        expectRefused(
            wrong, route, spelling.getValue(), credential, spelling.getKey() + " (valid)");
      }
    }

    assertThat(wrong).as("answers that opened a route or were not problem+json").isEmpty();
    assertThat(snapshot(victim)).isEqualTo(before);
  }

  @Test
  void theRoutesTheRulesNamePublic_answerWithoutACredential() throws Exception {
    List<String> closed = new ArrayList<>();
    for (Filled route : routes(Map.of("answer", "accept"))) {
      if (isPublic(route) && route.method().equals("GET")) {
        int status = send("GET", route.path(), null, null).statusCode();
        if (status == 401 || status == 403) {
          closed.add(route + " -> " + status);
        }
      }
    }
    assertThat(closed).isEmpty();
  }

  @Test
  void theSpellingsOfTheAttackReport_areRefusedBeforeRouting() throws Exception {
    TestProject victim = newProject();
    String body = "{\"name\":\"x\"}";

    assertThat(send("POST", "/%61dmin/projects", null, body).statusCode()).isEqualTo(400);
    assertThat(
            send("POST", "/%61dmin/projects/" + victim.projectId() + "/keys", null, "")
                .statusCode())
        .isEqualTo(400);
    assertThat(send("DELETE", "/admin;x/keys/" + victim.keyId(), null, null).statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/v1;x/webhooks", null, null).statusCode()).isEqualTo(400);
    HttpResponse<String> encoded = send("GET", "/%76%31/webhooks", null, null);
    assertThat(encoded.statusCode()).isEqualTo(400);
    assertThat(encoded.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(encoded.body()).get("detail").asString()).contains("%76");
    as(victim).get().uri("/v1/events").exchange().expectStatus().isOk();
  }

  private String ownerKey;

  private void expectRefused(
      List<String> wrong, Filled route, String path, String credential, String how)
      throws IOException, InterruptedException {
    String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
    HttpResponse<String> response = send(route.method(), path, credential, body);
    boolean refused = REFUSED.contains(response.statusCode());
    if (response.statusCode() == 422 && how.equals("another project's key")) {
      // refused for its body before the resource was looked up, as the owner's own call would be
      refused = send(route.method(), path, ownerKey, body).statusCode() == 422;
    }
    String type = response.headers().firstValue("content-type").orElse("");
    if (!refused || !type.startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
      wrong.add(route + " as " + how + " (" + path + ") -> " + response.statusCode() + " " + type);
    }
  }

  private HttpResponse<String> send(String method, String path, String credential, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (credential != null) {
      request.header("Authorization", "Bearer " + credential);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Odd spellings of a path, each named; none may open what the plain spelling does not. */
  static Map<String, String> spellings(String path) {
    int slash = path.indexOf('/', 1);
    String first = slash < 0 ? path.substring(1) : path.substring(1, slash);
    String rest = slash < 0 ? "" : path.substring(slash);
    Map<String, String> spellings = new LinkedHashMap<>();
    spellings.put(
        "percent-encoded letter",
        "/%"
            + Integer.toHexString(first.charAt(0)).toUpperCase(Locale.ROOT)
            + first.substring(1)
            + rest);
    spellings.put("matrix parameter", "/" + first + ";x" + rest);
    spellings.put("double slash", "/" + path);
    spellings.put("inner double slash", "/" + first + "/" + rest);
    spellings.put("dot segment", "/" + first + "/." + rest);
    spellings.put("dot-dot segment", "/x/../" + first + rest);
    spellings.put(
        "encoded slash", "/" + first + "%2F" + rest.substring(Math.min(1, rest.length())));
    spellings.put("trailing slash", path + "/");
    spellings.put("upper case", "/" + first.toUpperCase(Locale.ROOT) + rest);
    spellings.put("encoded NUL", path + "%00");
    return spellings;
  }

  private boolean isPublic(Filled route) {
    for (String rule : SecurityConfiguration.PUBLIC_ROUTES) {
      if (org.springframework.web.util.pattern.PathPatternParser.defaultInstance
          .parse(rule)
          .matches(org.springframework.http.server.PathContainer.parsePath(route.path()))) {
        return true;
      }
    }
    return false;
  }

  private List<Filled> routes(Map<String, String> ids) {
    return RouteTable.of(context).stream().map(route -> new Filled(route, ids)).toList();
  }

  /** A route with its path variables filled with the victim project's ids. */
  record Filled(Route route, Map<String, String> ids) {
    String method() {
      return route.method();
    }

    String pattern() {
      return route.pattern();
    }

    String path() {
      return route.path(ids);
    }

    boolean isAdmin() {
      return route.isAdmin();
    }

    boolean namesAResource() {
      return route.namesAResource();
    }

    @Override
    public String toString() {
      return route.toString();
    }
  }

  /** Resources of every kind in the victim project, by the path variable that names them. */
  private Map<String, String> resourcesOf(TestProject victim) {
    var api = as(victim);
    post(victim, "/v1/participants", Map.of("id", "p1", "displayName", "P"));
    JsonNode gathering =
        post(victim, "/v1/gatherings", Map.of("name", "G", "type", "lobby", "createdBy", "p1"));
    JsonNode webhook =
        post(
            victim,
            "/v1/webhooks",
            Map.of(
                "url",
                "http://127.0.0.1:9/never",
                "eventTypes",
                List.of("message.created"),
                "enabled",
                false));
    JsonNode invitation =
        post(
                victim,
                "/v1/gatherings/" + gathering.get("id").asString() + "/invitations",
                Map.of("participantIds", List.of("p1")))
            .get("data")
            .get(0);
    JsonNode events =
        JSON.readTree(
            api.get().uri("/v1/events").exchange().expectBody().returnResult().getResponseBody());
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("projectId", victim.projectId());
    ids.put("keyId", victim.keyId());
    ids.put("participantId", "p1");
    ids.put("gatheringId", gathering.get("id").asString());
    ids.put("webhookId", webhook.get("id").asString());
    ids.put("invitationId", invitation.get("id").asString());
    ids.put("eventId", events.get("data").get(0).get("id").asString());
    ids.put("deliveryId", "dlv_01M86MY7WQ16BMAM4G2K8HQQ20");
    ids.put("sessionId", "ses_01M86MY7WQ16BMAM4G2K8HQQ20");
    ids.put("token", "x".repeat(43));
    ids.put("answer", "accept");
    return ids;
  }

  private JsonNode post(TestProject project, String uri, Object body) {
    byte[] answer =
        as(project)
            .post()
            .uri(uri)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .is2xxSuccessful()
            .expectBody()
            .returnResult()
            .getResponseBody();
    return JSON.readTree(answer);
  }

  private String revokedKeyOf(TestProject project) {
    JsonNode key =
        JSON.readTree(
            http.post()
                .uri("/admin/projects/{id}/keys", project.projectId())
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .returnResult()
                .getResponseBody());
    http.delete()
        .uri("/admin/keys/{id}", key.get("id").asString())
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .exchange()
        .expectStatus()
        .isNoContent();
    return key.get("apiKey").asString();
  }

  private String streamTokenOf(TestProject project) {
    return post(project, "/v1/events/stream-tokens", Map.of()).get("token").asString();
  }

  /**
   * What a refused request could have changed: the victim's resources and every project and key.
   */
  private String snapshot(TestProject victim) {
    StringBuilder state = new StringBuilder();
    for (String list :
        List.of("/v1/participants", "/v1/gatherings", "/v1/webhooks", "/v1/events?limit=100")) {
      state
          .append(list)
          .append(' ')
          .append(
              new String(
                  as(victim)
                      .get()
                      .uri(list)
                      .exchange()
                      .expectStatus()
                      .isOk()
                      .expectBody()
                      .returnResult()
                      .getResponseBody(),
                  java.nio.charset.StandardCharsets.UTF_8))
          .append('\n');
    }
    state.append(
        db.sql(
                "SELECT (SELECT count(*) FROM projects) || '/' || (SELECT count(*) FROM api_keys)"
                    + " || '/' || (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL)"
                    + " AS counts")
            .map(row -> row.get("counts", String.class))
            .one()
            .block(Duration.ofSeconds(10)));
    return state.toString();
  }
}
