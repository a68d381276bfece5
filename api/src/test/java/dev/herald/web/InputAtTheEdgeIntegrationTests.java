package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Input PostgreSQL cannot take (a NUL, a year 999999999) or Java cannot parse is refused at the
 * edge, on every endpoint, with a 4xx problem+json naming the field or parameter, and nothing is
 * written. The bodies and parameters are tables: a new endpoint is one more row.
 */
class InputAtTheEdgeIntegrationTests extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String FAR_FUTURE = "+999999999-12-31T23:59:59Z";

  private static TestProject project;
  private static String webhookId;
  private static String gatheringId;
  private static String appointmentId;

  /** An endpoint taking a JSON body, with a valid body whose every string is a place to inject. */
  record Endpoint(HttpMethod method, String uri, String body) {}

  private static final List<Endpoint> BODIES =
      List.of(
          post("/admin/projects", "{'name':'n','tenantId':'ten_x','tenantName':'Tenant'}"),
          post(
              "/v1/participants",
              "{'id':'n1','displayName':'Ann','email':'ann@example.com',"
                  + "'userData':{'team':'a','tags':['x',{'deep':'y'}]}}"),
          patch(
              "/v1/participants/p1",
              "{'displayName':'Ann','email':'ann@example.com','userData':{'team':'a'}}"),
          post(
              "/v1/events",
              "{'type':'message.created','action':'created','resourceId':'session:s1',"
                  + "'source':'cortex:bot','data':{'content':'hi','parts':['a',{'text':'b'}]}}"),
          post(
              "/v1/events",
              "{'type':'sanction.updated','resourceId':'sanction:s1','data':{'reason':'r'},"
                  + "'changes':{'reason':'old'}}"),
          post(
              "/v1/webhooks",
              "{'url':'https://example.com/h','eventTypes':['message.created','sanction.*'],"
                  + "'description':'d','enabled':true,'headers':{'X-Team':'a'},"
                  + "'metadata':{'owner':'o'},'rateLimit':5,'signatureScheme':'hmac-sha256'}"),
          patch(
              "/v1/webhooks/{webhook}",
              "{'url':'https://example.com/h','eventTypes':['message.created'],'description':'d',"
                  + "'headers':{'X-Team':'a'},'metadata':{'owner':'o'}}"),
          post(
              "/v1/webhooks/{webhook}/rotate-secret",
              "{'graceSeconds':60,'signatureScheme':'ed25519'}"),
          post("/v1/webhooks/{webhook}/recover", "{'since':'2026-01-01T00:00:00Z'}"),
          post("/v1/webhooks/{webhook}/test", "{'eventType':'message.created'}"),
          post(
              "/v1/gatherings",
              "{'name':'g','type':'appointment','metadata':{'room':'r','list':['a']},"
                  + "'maxMembers':5,'createdBy':'p1','startsAt':'2030-01-01T10:00:00Z',"
                  + "'endsAt':'2030-01-01T11:00:00Z','autoStartSession':false}"),
          post("/v1/gatherings", "{'name':'o','type':'open','visibility':'listed'}"),
          patch(
              "/v1/gatherings/{appointment}",
              "{'name':'g2','metadata':{'a':'b'},'startsAt':'2030-01-02T10:00:00Z',"
                  + "'endsAt':'2030-01-02T11:00:00Z'}"),
          patch("/v1/gatherings/{gathering}", "{'name':'g2','visibility':'listed'}"),
          post("/v1/gatherings/{gathering}/start", "{'participantId':'p1','roomId':'room-1'}"),
          post("/v1/gatherings/{gathering}/end", "{'participantId':'p1'}"),
          post("/v1/gatherings/{gathering}/cancel", "{'participantId':'p1'}"),
          post("/v1/gatherings/join", "{'joinCode':'ABCD-EFGH','participantId':'p1'}"),
          post("/v1/gatherings/{gathering}/members", "{'participantId':'p1'}"),
          patch("/v1/gatherings/{gathering}/members/p1", "{'state':'ready'}"),
          post(
              "/v1/gatherings/{gathering}/invitations",
              "{'participantIds':['p1'],'emails':['bob@example.com']}"),
          post(
              "/v1/gatherings/{gathering}/invitations/send",
              "{'participantIds':['p1'],'emails':['bob@example.com']}"),
          post("/v1/invitations/accept", "{'token':'tok'}"),
          post("/v1/invitations/decline", "{'token':'tok'}"));

  private static Endpoint post(String uri, String body) {
    return new Endpoint(HttpMethod.POST, uri, body.replace('\'', '"'));
  }

  private static Endpoint patch(String uri, String body) {
    return new Endpoint(HttpMethod.PATCH, uri, body.replace('\'', '"'));
  }

  /** One body with a NUL injected at {@code field} (in a string value or an object key). */
  record Injected(Endpoint endpoint, String field, String body) {

    @Override
    public String toString() {
      return endpoint.method() + " " + endpoint.uri() + " " + field;
    }
  }

  static Stream<Injected> nulInEveryString() {
    List<Injected> cases = new ArrayList<>();
    for (Endpoint endpoint : BODIES) {
      JsonNode body = JSON.readTree(endpoint.body());
      for (String[] place : places(body, "")) {
        JsonNode copy = body.deepCopy();
        inject(copy, place[1]);
        cases.add(new Injected(endpoint, place[0], JSON.writeValueAsString(copy)));
      }
    }
    return cases.stream();
  }

  /** [field path, locator] of every string value, and of every key of a nested object. */
  private static List<String[]> places(JsonNode node, String path) {
    List<String[]> places = new ArrayList<>();
    if (node.isString()) {
      places.add(new String[] {path, path});
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        places.addAll(places(node.get(i), path + "[" + i + "]"));
      }
    } else if (node.isObject()) {
      for (String key : node.propertyNames()) {
        String child = path.isEmpty() ? key : path + "." + key;
        if (!path.isEmpty()) {
          places.add(new String[] {child + "\0", child + "#key"});
        }
        places.addAll(places(node.get(key), child));
      }
    }
    return places;
  }

  private static void inject(JsonNode root, String locator) {
    boolean key = locator.endsWith("#key");
    String path = key ? locator.substring(0, locator.length() - 4) : locator;
    List<String> steps = new ArrayList<>(List.of(path.replace("[", ".[").split("\\.")));
    String last = steps.remove(steps.size() - 1);
    JsonNode parent = root;
    for (String step : steps) {
      parent = step.startsWith("[") ? parent.get(index(step)) : parent.get(step);
    }
    if (last.startsWith("[")) {
      ((ArrayNode) parent).set(index(last), parent.get(index(last)).asString() + "\0");
    } else if (key) {
      ObjectNode object = (ObjectNode) parent;
      object.set(last + "\0", object.remove(last));
    } else {
      ((ObjectNode) parent).put(last, parent.get(last).asString() + "\0");
    }
  }

  private static int index(String step) {
    return Integer.parseInt(step.substring(1, step.length() - 1));
  }

  @BeforeEach
  void fixtures() {
    if (project != null) {
      return;
    }
    project = newProject();
    send(HttpMethod.POST, "/v1/participants", "{\"id\":\"p1\",\"displayName\":\"P\"}", 201);
    webhookId =
        send(
                HttpMethod.POST,
                "/v1/webhooks",
                "{\"url\":\"http://localhost:9/unused\",\"eventTypes\":[\"sanction.revoked\"]}",
                201)
            .get("id")
            .asString();
    gatheringId =
        send(HttpMethod.POST, "/v1/gatherings", "{\"name\":\"l\",\"type\":\"lobby\"}", 201)
            .get("id")
            .asString();
    appointmentId =
        send(
                HttpMethod.POST,
                "/v1/gatherings",
                "{\"name\":\"a\",\"type\":\"appointment\",\"startsAt\":\"2030-01-01T10:00:00Z\","
                    + "\"endsAt\":\"2030-01-01T11:00:00Z\"}",
                201)
            .get("id")
            .asString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nulInEveryString")
  void nulInAnyString_isA422NamingTheFieldAndWritesNothing(Injected c) {
    String before = state();

    JsonNode problem = refused(c.endpoint().method(), c.endpoint().uri(), c.body(), 422);

    JsonNode error = problem.get("errors").get(0);
    assertThat(error.get("field").asString()).isEqualTo(c.field());
    assertThat(error.get("message").asString()).contains("NUL");
    assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
    assertThat(state()).isEqualTo(before);
  }

  /** A request with a bad value in one parameter, and the name the answer must give. */
  record Param(HttpMethod method, String uri, Map<String, String> headers, String name) {

    @Override
    public String toString() {
      return method + " " + uri + " " + headers.keySet() + " -> " + name;
    }
  }

  private static Param param(String method, String uri, String name) {
    return new Param(HttpMethod.valueOf(method), uri, Map.of(), name);
  }

  /** Every query parameter of every endpoint. */
  private static final Map<String, List<String>> QUERIES =
      new TreeMap<>(
          Map.of(
              "/v1/participants", List.of("limit", "after"),
              "/v1/gatherings", List.of("type", "status", "listed", "limit", "after"),
              "/v1/events", List.of("types", "resourceId", "limit", "after"),
              "/v1/events/stream", List.of("types", "lastEventId"),
              "/v1/sessions", List.of("gatheringId", "limit", "after"),
              "/v1/webhooks", List.of("limit", "after"),
              "/v1/webhooks/{webhook}/deliveries",
                  List.of("status", "eventType", "since", "limit", "after"),
              "/v1/deliveries",
                  List.of("webhookId", "status", "eventType", "since", "limit", "after")));

  static Stream<Param> nulInEveryParameter() {
    List<Param> cases = new ArrayList<>();
    QUERIES.forEach(
        (uri, names) -> {
          for (String name : names) {
            cases.add(param("GET", uri + "?" + name + "=ok%00", name));
            cases.add(param("GET", uri + "?" + name + "=%01x", name));
          }
        });
    String nul = "a%00b";
    cases.addAll(
        List.of(
            param("GET", "/v1/participants/" + nul, "participantId"),
            param("PATCH", "/v1/participants/" + nul, "participantId"),
            param("DELETE", "/v1/participants/" + nul, "participantId"),
            param("GET", "/v1/gatherings/" + nul, "gatheringId"),
            param("PATCH", "/v1/gatherings/" + nul, "gatheringId"),
            param("POST", "/v1/gatherings/" + nul + "/start", "gatheringId"),
            param("POST", "/v1/gatherings/" + nul + "/end", "gatheringId"),
            param("POST", "/v1/gatherings/" + nul + "/cancel", "gatheringId"),
            param("GET", "/v1/gatherings/" + nul + "/members", "gatheringId"),
            param("POST", "/v1/gatherings/" + nul + "/members", "gatheringId"),
            param("PATCH", "/v1/gatherings/{gathering}/members/" + nul, "participantId"),
            param("DELETE", "/v1/gatherings/{gathering}/members/" + nul, "participantId"),
            param("DELETE", "/v1/gatherings/" + nul + "/members/p1", "gatheringId"),
            param("GET", "/v1/gatherings/" + nul + "/members/watch", "gatheringId"),
            param("GET", "/v1/gatherings/" + nul + "/invitations/watch", "gatheringId"),
            param("GET", "/v1/gatherings/" + nul + "/invitations", "gatheringId"),
            param("POST", "/v1/gatherings/" + nul + "/invitations", "gatheringId"),
            param("POST", "/v1/gatherings/" + nul + "/invitations/send", "gatheringId"),
            param("POST", "/v1/invitations/" + nul + "/accept", "invitationId"),
            param("POST", "/v1/invitations/" + nul + "/decline", "invitationId"),
            param("GET", "/invitations/" + nul + "/tok/accept", "projectId"),
            param("GET", "/invitations/{project}/" + nul + "/accept", "token"),
            param("POST", "/invitations/{project}/tok/" + nul, "answer"),
            param("GET", "/v1/events/" + nul, "eventId"),
            param("GET", "/v1/sessions/" + nul, "sessionId"),
            param("GET", "/v1/webhooks/" + nul, "webhookId"),
            param("PATCH", "/v1/webhooks/" + nul, "webhookId"),
            param("DELETE", "/v1/webhooks/" + nul, "webhookId"),
            param("GET", "/v1/webhooks/" + nul + "/secret", "webhookId"),
            param("POST", "/v1/webhooks/" + nul + "/rotate-secret", "webhookId"),
            param("POST", "/v1/webhooks/" + nul + "/recover", "webhookId"),
            param("POST", "/v1/webhooks/" + nul + "/test", "webhookId"),
            param("GET", "/v1/webhooks/" + nul + "/deliveries", "webhookId"),
            param("GET", "/v1/deliveries/" + nul, "deliveryId"),
            param("POST", "/v1/deliveries/" + nul + "/retry", "deliveryId"),
            param("POST", "/admin/projects/" + nul + "/keys", "projectId"),
            param("DELETE", "/admin/keys/" + nul, "keyId")));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nulInEveryParameter")
  void controlCharacterInAnyParameter_isA400NamingItAndWritesNothing(Param c) {
    String before = state();
    String body = c.method() == HttpMethod.GET || c.method() == HttpMethod.DELETE ? null : "{}";

    JsonNode problem = refused(c.method(), c.uri(), body, c.headers(), 400);

    if (problem.get("code").asString().equals("rejected_request")) {
      // NUL in a path is refused by the firewall before routing: there is no variable to name yet
      assertThat(c.uri()).contains("%00");
    } else {
      assertThat(problem.get("detail").asString())
          .contains("'" + c.name() + "'")
          .contains("control characters");
    }
    assertThat(state()).isEqualTo(before);
  }

  /** A request with a time, a number or an id that cannot be what it claims. */
  record Bad(
      HttpMethod method,
      String uri,
      String body,
      Map<String, String> headers,
      int status,
      String names) {

    @Override
    public String toString() {
      return method + " " + uri + " " + (body == null ? "" : body) + headers + " -> " + status;
    }
  }

  private static Bad bad(String method, String uri, String body, int status, String names) {
    return new Bad(HttpMethod.valueOf(method), uri, body, Map.of(), status, names);
  }

  static Stream<Bad> outOfRangeValues() {
    List<Bad> cases = new ArrayList<>();
    for (String time : List.of(FAR_FUTURE, "+10000-01-01T00:00:00Z", "0000-12-31T00:00:00Z")) {
      String encoded = time.replace("+", "%2B");
      cases.addAll(
          List.of(
              bad(
                  "POST",
                  "/v1/webhooks/{webhook}/recover",
                  "{\"since\":\"" + time + "\"}",
                  422,
                  "since"),
              bad("GET", "/v1/deliveries?since=" + encoded, null, 400, "since"),
              bad("GET", "/v1/webhooks/{webhook}/deliveries?since=" + encoded, null, 400, "since"),
              bad(
                  "POST",
                  "/v1/gatherings",
                  "{\"name\":\"a\",\"type\":\"appointment\",\"startsAt\":\""
                      + time
                      + "\",\"endsAt\":\"2030-01-01T11:00:00Z\"}",
                  422,
                  "startsAt"),
              bad(
                  "POST",
                  "/v1/gatherings",
                  "{\"name\":\"a\",\"type\":\"appointment\",\"startsAt\":\"2030-01-01T10:00:00Z\","
                      + "\"endsAt\":\""
                      + time
                      + "\"}",
                  422,
                  "endsAt"),
              bad(
                  "PATCH",
                  "/v1/gatherings/{appointment}",
                  "{\"startsAt\":\"" + time + "\"}",
                  422,
                  "startsAt"),
              bad(
                  "PATCH",
                  "/v1/gatherings/{appointment}",
                  "{\"endsAt\":\"" + time + "\"}",
                  422,
                  "endsAt")));
    }
    for (String list :
        List.of(
            "/v1/participants",
            "/v1/gatherings",
            "/v1/events",
            "/v1/sessions",
            "/v1/webhooks",
            "/v1/webhooks/{webhook}/deliveries",
            "/v1/deliveries")) {
      cases.add(bad("GET", list + "?limit=99999999999", null, 400, "'limit'"));
      cases.add(bad("GET", list + "?limit=1.5", null, 400, "'limit'"));
    }
    cases.addAll(
        List.of(
            bad("GET", "/v1/gatherings?listed=maybe", null, 400, "'listed'"),
            bad("GET", "/v1/events/stream?lastEventId=%00", null, 400, "'lastEventId'"),
            bad("GET", "/v1/events/stream?lastEventId=%20%00", null, 400, "'lastEventId'"),
            bad(
                "GET",
                "/v1/events/stream?lastEventId=99999999999999999999",
                null,
                400,
                "lastEventId"),
            new Bad(
                HttpMethod.GET,
                "/v1/events/stream",
                null,
                Map.of("Last-Event-ID", "abc"),
                400,
                "Last-Event-ID"),
            new Bad(
                HttpMethod.GET,
                "/v1/events/stream",
                null,
                Map.of("Last-Event-ID", "123456789012345678901234"),
                400,
                "Last-Event-ID"),
            bad(
                "POST",
                "/v1/gatherings",
                "{\"name\":\"g\",\"type\":\"lobby\",\"maxMembers\":1e20}",
                400,
                "Field 'maxMembers'"),
            bad(
                "POST",
                "/v1/gatherings",
                "{\"name\":\"g\",\"type\":\"lobby\",\"maxMembers\":99999999999}",
                400,
                "Field 'maxMembers'"),
            bad(
                "POST",
                "/v1/gatherings",
                "{\"name\":\"g\",\"type\":\"lobby\",\"maxMembers\":2.5}",
                400,
                "Field 'maxMembers'"),
            bad(
                "PATCH",
                "/v1/gatherings/{gathering}",
                "{\"maxMembers\":1e20}",
                400,
                "Field 'maxMembers'"),
            bad(
                "POST",
                "/v1/webhooks/{webhook}/rotate-secret",
                "{\"graceSeconds\":1e20}",
                400,
                "Field 'graceSeconds'"),
            bad(
                "POST",
                "/v1/webhooks",
                "{\"url\":\"https://example.com/h\",\"eventTypes\":[\"*\"],\"rateLimit\":1e20}",
                400,
                "Field 'rateLimit'"),
            bad(
                "POST",
                "/v1/events",
                "{\"type\":\"message.created\",\"resourceId\":\"session:s1\",\"data\":{\"a\":"
                    + "[".repeat(10_000)
                    + "]".repeat(10_000)
                    + "}}",
                400,
                "nested too deeply"),
            bad(
                "POST",
                "/v1/events",
                "{\"type\":\"message.created\",\"resourceId\":\"session:s1\",\"data\":{\"n\":"
                    + "9".repeat(5_000)
                    + "}}",
                400,
                "too long"),
            bad(
                "POST",
                "/v1/events",
                "{\"type\":\"message.created\",\"resourceId\":\"session:s1\",\"data\":{\"n\":1e400}}",
                422,
                "data.n"),
            bad(
                "POST",
                "/v1/participants",
                "{\"id\":\"n\",\"displayName\":\"a\\ud800b\"}",
                422,
                "displayName")));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfRangeValues")
  void outOfRangeValue_isA4xxNamingItAndWritesNothing(Bad c) {
    String before = state();

    JsonNode problem = refused(c.method(), c.uri(), c.body(), c.headers(), c.status());

    String said = problem.get("detail").asString() + problem.path("errors");
    assertThat(said).contains(c.names());
    if (c.status() == 422) {
      assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(c.names());
    }
    assertThat(state()).isEqualTo(before);
  }

  /** What the project holds, as its lists show it. */
  private String state() {
    StringBuilder state = new StringBuilder();
    for (String list :
        List.of(
            "/v1/participants?limit=100",
            "/v1/gatherings?limit=100",
            "/v1/gatherings/" + gatheringId + "/members",
            "/v1/gatherings/" + gatheringId + "/invitations",
            "/v1/events?limit=100",
            "/v1/webhooks?limit=100",
            "/v1/deliveries?limit=100",
            "/v1/sessions?limit=100")) {
      state.append(send(HttpMethod.GET, list, null, 200)).append('\n');
    }
    return state.toString();
  }

  private JsonNode send(HttpMethod method, String uri, String body, int status) {
    return JSON.readTree(
        call(method, uri, body, Map.of())
            .expectStatus()
            .isEqualTo(status)
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode refused(HttpMethod method, String uri, String body, int status) {
    return refused(method, uri, body, Map.of(), status);
  }

  /** The problem document of a refusal, checked for what every refusal carries. */
  private JsonNode refused(
      HttpMethod method, String uri, String body, Map<String, String> headers, int status) {
    byte[] response =
        call(method, uri, body, headers)
            .expectStatus()
            .isEqualTo(status)
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
    JsonNode problem = JSON.readTree(response);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asString())
        .isNotBlank()
        .doesNotContain("dev.herald", "Exception", "SQL", "jackson", "java.");
    return problem;
  }

  private WebTestClient.ResponseSpec call(
      HttpMethod method, String uri, String body, Map<String, String> headers) {
    String resolved =
        uri.replace("{webhook}", webhookId == null ? "" : webhookId)
            .replace("{gathering}", gatheringId == null ? "" : gatheringId)
            .replace("{appointment}", appointmentId == null ? "" : appointmentId)
            .replace("{project}", project.projectId());
    String key = resolved.startsWith("/admin") ? ADMIN_TOKEN : project.apiKey();
    var request =
        http.method(method)
            .uri(URI.create("http://localhost:" + port + resolved))
            .header("Authorization", "Bearer " + key);
    headers.forEach(request::header);
    return body == null
        ? request.exchange()
        : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
  }
}
