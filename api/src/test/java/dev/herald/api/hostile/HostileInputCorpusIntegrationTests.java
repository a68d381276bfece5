package dev.herald.api.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import dev.herald.api.ProjectFixture;
import dev.herald.api.RouteTable;
import dev.herald.api.RouteTable.Route;
import dev.herald.api.hostile.HostileRequests.Body;
import dev.herald.api.hostile.HostileRequests.JsonValue;
import dev.herald.api.hostile.HostileRequests.UriValue;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generated corpus of hostile requests over every route of the route table: each JSON field of
 * each body given wrong types, NUL and control characters, boundary numbers and dates and deep
 * nesting; whole bodies malformed, oversized or of the wrong type; each path variable and query
 * parameter oddly spelled; hostile headers. Herald must answer every one without a 5xx, every error
 * as problem+json with a {@code detail}, and a refused request must leave the database as it was.
 */
class HostileInputCorpusIntegrationTests extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final int MAX_BODY_SIZE = 1024 * 1024;

  /** Valid bodies, by request type, that the field mutations start from. */
  private static final Map<String, String> VALID_BODIES =
      Map.ofEntries(
          Map.entry("ProjectIn", "{\"name\":\"x\"}"),
          Map.entry("GatheringIn", "{\"name\":\"G\",\"type\":\"lobby\",\"createdBy\":\"p1\"}"),
          Map.entry("GatheringPatch", "{\"name\":\"G2\"}"),
          Map.entry("ParticipantIn", "{\"id\":\"px\",\"displayName\":\"P\",\"userData\":{}}"),
          Map.entry("ParticipantPatch", "{\"displayName\":\"Q\",\"userData\":{}}"),
          Map.entry("MemberIn", "{\"participantId\":\"p1\"}"),
          Map.entry("MemberPatch", "{\"state\":\"ready\"}"),
          Map.entry("InvitationIn", "{\"participantIds\":[\"p1\"],\"emails\":[]}"),
          Map.entry("JoinIn", "{\"joinCode\":\"ABCD1234\",\"participantId\":\"p1\"}"),
          Map.entry("LifecycleIn", "{\"participantId\":\"p1\",\"roomId\":\"r1\"}"),
          Map.entry("TokenIn", "{\"token\":\"x\"}"),
          Map.entry("RotateIn", "{\"graceSeconds\":60}"),
          Map.entry("RecoverIn", "{\"since\":\"2026-01-01T00:00:00Z\"}"),
          Map.entry("TestIn", "{\"eventType\":\"message.created\"}"),
          Map.entry(
              "WebhookIn",
              "{\"url\":\"http://127.0.0.1:9/x\",\"eventTypes\":[\"message.created\"],"
                  + "\"enabled\":false,\"headers\":{},\"metadata\":{}}"),
          Map.entry("WebhookPatch", "{\"description\":\"d\",\"metadata\":{}}"),
          Map.entry(
              "EventIn",
              "{\"type\":\"message.created\",\"resourceId\":\"session:s1\","
                  + "\"data\":{\"messageId\":\"m1\",\"sessionId\":\"s1\",\"content\":\"hi\"}}"));

  @Autowired ApplicationContext context;
  @Autowired DatabaseClient db;

  private RawHttp raw;
  private TestProject victim;
  private ProjectFixture fixture;
  private String fingerprint;
  private final List<String> wrong = new ArrayList<>();
  private int sent;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void tenThousandHostileRequests_getNo5xx_onlyProblemJson_andRefusedOnesChangeNothing()
      throws Exception {
    raw = new RawHttp(port);
    victim = newProject();
    fixture = new ProjectFixture(victim, as(victim), db);
    Map<String, String> ids = fixture.ids();
    fingerprint = fixture.fingerprint();

    for (Route route : RouteTable.of(context)) {
      if (route.pattern().startsWith("/actuator") || route.pattern().startsWith("/openapi")) {
        continue;
      }
      String path = route.path(ids);
      String body = validBody(route);
      for (String mutated : mutatedBodies(body)) {
        send(route, path, Map.of(), json(mutated));
      }
      if (body != null) {
        for (JsonValue value : HostileRequests.jsonValues()) {
          send(route, path, Map.of(), json(value.json()));
        }
        for (Body whole : HostileRequests.wholeBodies(MAX_BODY_SIZE)) {
          send(route, path, contentType(whole.contentType()), whole.bytes());
        }
      }
      for (String variable : route.variables()) {
        for (UriValue value : HostileRequests.pathValues()) {
          Map<String, String> odd = new LinkedHashMap<>(ids);
          odd.put(variable, value.raw());
          send(route, route.path(odd), Map.of(), json(body));
        }
      }
      for (String parameter : queryParameters(route)) {
        for (UriValue value : HostileRequests.queryValues()) {
          send(route, path + "?" + parameter + "=" + value.raw(), Map.of(), json(body));
        }
        send(route, path + "?" + (parameter + "=1&").repeat(1_000) + "x=1", Map.of(), json(body));
      }
      for (Map<String, String> headers : HostileRequests.hostileHeaders()) {
        send(route, path, headers, json(body));
      }
    }

    assertThat(wrong).as("of %d hostile requests", sent).isEmpty();
    assertThat(sent).isGreaterThanOrEqualTo(10_000);
  }

  private void send(Route route, String path, Map<String, String> extra, byte[] body)
      throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + (route.isAdmin() ? ADMIN_TOKEN : victim.apiKey()));
    if (body != null && !extra.containsKey("Content-Type")) {
      headers.put("Content-Type", MediaType.APPLICATION_JSON_VALUE);
    }
    headers.putAll(extra);
    headers.values().removeIf(value -> value == null);
    boolean writes = !route.method().equals("GET");
    RawHttp.Answer answer =
        raw.send(route.method(), path, headers, route.method().equals("GET") ? null : body);
    sent++;
    String sentAs = route + " " + abbreviate(path) + " " + abbreviate(extra.toString());
    if (answer.status() < 0 || answer.status() >= 500) {
      wrong.add(sentAs + " -> " + answer.status() + " " + abbreviate(answer.body()));
      return;
    }
    if (answer.status() >= 400) {
      if (!answer.contentType().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)
          || !hasDetail(answer.body())) {
        wrong.add(sentAs + " -> " + answer.status() + " not problem+json: " + answer.contentType());
      }
    }
    if (writes) {
      String now = fixture.fingerprint();
      if (answer.status() >= 400 && !now.equals(fingerprint)) {
        wrong.add(sentAs + " -> " + answer.status() + " but the database changed");
      }
      fingerprint = now;
    }
  }

  /** The valid body mutated one field at a time with every hostile value, plus extra fields. */
  private static List<String> mutatedBodies(String body) {
    List<String> bodies = new ArrayList<>();
    if (body == null) {
      bodies.add(null);
      return bodies;
    }
    ObjectNode valid = (ObjectNode) JSON.readTree(body);
    List<String> fields = new ArrayList<>(valid.propertyNames());
    for (String field : fields) {
      for (JsonValue value : HostileRequests.jsonValues()) {
        bodies.add(replace(body, valid, field, value.json()));
      }
      JsonNode current = valid.get(field);
      if (current.isObject()) {
        for (JsonValue value : HostileRequests.jsonValues()) {
          bodies.add(replace(body, valid, field, "{\"nested\":" + value.json() + "}"));
        }
      }
    }
    Random random = new Random(42);
    List<JsonValue> values = HostileRequests.jsonValues();
    for (int i = 0; i < 250; i++) {
      // two fields at once, so that a check that stops at the first bad field is passed too
      String first = fields.get(random.nextInt(fields.size()));
      String second = fields.get(random.nextInt(fields.size()));
      ObjectNode twice = valid.deepCopy();
      twice.put(first, "\u0001ONE\u0001");
      twice.put(second, "\u0001TWO\u0001");
      bodies.add(
          JSON.writeValueAsString(twice)
              .replace("\"\\u0001ONE\\u0001\"", values.get(random.nextInt(values.size())).json())
              .replace("\"\\u0001TWO\\u0001\"", values.get(random.nextInt(values.size())).json()));
    }
    return bodies;
  }

  private static String replace(String body, ObjectNode valid, String field, String json) {
    ObjectNode changed = valid.deepCopy();
    changed.put(field, "\u0001MARK\u0001");
    return JSON.writeValueAsString(changed).replace("\"\\u0001MARK\\u0001\"", json);
  }

  private String validBody(Route route) {
    for (MethodParameter parameter : route.handler().getMethodParameters()) {
      if (parameter.hasParameterAnnotation(RequestBody.class)) {
        Class<?> type = parameter.getParameterType();
        String known = VALID_BODIES.get(type.getSimpleName());
        return known != null ? known : JSON.writeValueAsString(sample(type));
      }
    }
    return null;
  }

  /** A plain value of each component, for a body type without a known valid example. */
  private static Map<String, Object> sample(Class<?> type) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        body.put(component.getName(), sampleValue(component.getGenericType()));
      }
    }
    return body;
  }

  private static Object sampleValue(Type type) {
    Class<?> raw =
        type instanceof ParameterizedType parameterized
            ? (Class<?>) parameterized.getRawType()
            : (Class<?>) type;
    if (raw == String.class) {
      return "x";
    }
    if (Number.class.isAssignableFrom(raw) || (raw.isPrimitive() && raw != boolean.class)) {
      return 1;
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return true;
    }
    if (List.class.isAssignableFrom(raw)) {
      return List.of("x");
    }
    return Map.of();
  }

  private static List<String> queryParameters(Route route) {
    List<String> names = new ArrayList<>();
    for (MethodParameter parameter : route.handler().getMethodParameters()) {
      RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
      if (param != null) {
        String name = !param.name().isEmpty() ? param.name() : param.value();
        names.add(name.isEmpty() ? parameter.getParameterName() : name);
      }
    }
    return names;
  }

  private static Map<String, String> contentType(String type) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", type);
    return headers;
  }

  private static byte[] json(String body) {
    return body == null ? null : body.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean hasDetail(String body) {
    try {
      JsonNode problem = JSON.readTree(body);
      return problem.hasNonNull("detail") && !problem.get("detail").asString().isBlank();
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
  }
}
