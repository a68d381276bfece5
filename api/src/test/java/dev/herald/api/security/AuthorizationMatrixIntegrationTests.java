package dev.herald.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import dev.herald.api.ProjectFixture;
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
    IssuedKey revoked = newKey(victim);
    revoke(revoked.id());
    String revokedKey = revoked.apiKey();
    String streamToken = streamToken(victim);
    ProjectFixture fixture = new ProjectFixture(victim, as(victim), db);
    Map<String, String> ids = fixture.ids();
    String before = fixture.fingerprint();
    ownerKey = victim.apiKey();

    List<Filled> routes = routes(ids);
    assertThat(routes).hasSizeGreaterThan(40);
    assertThat(routes.stream().map(Filled::pattern)).contains("/actuator/prometheus");
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
    assertThat(fixture.fingerprint()).isEqualTo(before);
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
  void theMetrics_openToTheAdminTokenOnly() throws Exception {
    TestProject project = newProject();
    String streamToken = streamToken(project);

    assertThat(send("GET", "/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/actuator/prometheus", project.apiKey(), null).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/actuator/prometheus?token=" + streamToken, null, null).statusCode())
        .isEqualTo(401);
    HttpResponse<String> metrics = send("GET", "/actuator/prometheus", ADMIN_TOKEN, null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
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
}
