package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input to gatherings, members, invitations, join codes, participants and sessions gets a 4xx
 * problem+json saying what is wrong, never a 500.
 */
class GatheringBadRequestsIntegrationTests extends ApiIntegrationTest {

  private static final String START = Instant.now().plus(7, ChronoUnit.DAYS).toString();
  private static final String END = Instant.now().plus(8, ChronoUnit.DAYS).toString();
  private static final String EARLIER = Instant.now().plus(6, ChronoUnit.DAYS).toString();

  private static TestProject project;
  private static Map<String, String> fixtures;

  /** One bad request and the status it must get; {lobby}, {appointment}, {open}, {code}. */
  record Case(String name, HttpMethod method, String uri, String body, int status) {

    @Override
    public String toString() {
      return name + " -> " + status;
    }
  }

  private static Case post(String name, String uri, String body, int status) {
    return new Case(name, HttpMethod.POST, uri, body, status);
  }

  private static Case create(String name, String body, int status) {
    return post(name, "/v1/gatherings", body, status);
  }

  private static Case patch(String name, String uri, String body, int status) {
    return new Case(name, HttpMethod.PATCH, uri, body, status);
  }

  private static Case get(String name, String uri, int status) {
    return new Case(name, HttpMethod.GET, uri, null, status);
  }

  private static String appointment(String startsAt, String endsAt) {
    return "{\"name\":\"A\",\"type\":\"appointment\""
        + (startsAt == null ? "" : ",\"startsAt\":\"" + startsAt + "\"")
        + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"")
        + "}";
  }

  static Stream<Case> cases() {
    return Stream.of(
        create("malformed JSON", "{\"name\":", 400),
        create("an unknown field", "{\"name\":\"L\",\"type\":\"lobby\",\"colour\":\"red\"}", 400),
        create("type of the wrong JSON type", "{\"name\":\"L\",\"type\":[\"lobby\"]}", 400),
        create(
            "maxMembers not a number",
            "{\"name\":\"L\",\"type\":\"lobby\",\"maxMembers\":\"many\"}",
            400),
        create(
            "autoStartSession not a boolean",
            "{\"name\":\"L\",\"type\":\"lobby\",\"autoStartSession\":\"yes\"}",
            400),
        create("name missing", "{\"type\":\"lobby\"}", 422),
        create("name blank", "{\"name\":\"  \",\"type\":\"lobby\"}", 422),
        create("name too long", "{\"name\":\"" + "n".repeat(201) + "\",\"type\":\"lobby\"}", 422),
        create("type missing", "{\"name\":\"L\"}", 422),
        create("type unknown", "{\"name\":\"L\",\"type\":\"party\"}", 422),
        create(
            "lobby with startsAt",
            "{\"name\":\"L\",\"type\":\"lobby\",\"startsAt\":\"" + START + "\"}",
            422),
        create(
            "lobby with visibility",
            "{\"name\":\"L\",\"type\":\"lobby\",\"visibility\":\"listed\"}",
            422),
        create("appointment without startsAt", appointment(null, END), 422),
        create("appointment without endsAt", appointment(START, null), 422),
        create("appointment without times", appointment(null, null), 422),
        create("appointment endsAt before startsAt", appointment(END, START), 422),
        create("appointment endsAt equal to startsAt", appointment(START, START), 422),
        create("appointment startsAt not a time", appointment("tomorrow", END), 422),
        create("appointment startsAt without offset", appointment("2036-07-01T15:00:00", END), 422),
        create(
            "appointment with visibility",
            "{\"name\":\"A\",\"type\":\"appointment\",\"startsAt\":\""
                + START
                + "\",\"endsAt\":\""
                + END
                + "\",\"visibility\":\"listed\"}",
            422),
        create(
            "open with autoStartSession",
            "{\"name\":\"O\",\"type\":\"open\",\"autoStartSession\":true}",
            422),
        create(
            "open with an unknown visibility",
            "{\"name\":\"O\",\"type\":\"open\",\"visibility\":\"secret\"}",
            422),
        create(
            "open with endsAt",
            "{\"name\":\"O\",\"type\":\"open\",\"endsAt\":\"" + END + "\"}",
            422),
        create("maxMembers zero", "{\"name\":\"L\",\"type\":\"lobby\",\"maxMembers\":0}", 422),
        create("maxMembers negative", "{\"name\":\"L\",\"type\":\"lobby\",\"maxMembers\":-3}", 422),
        create("metadata an array", "{\"name\":\"L\",\"type\":\"lobby\",\"metadata\":[1]}", 422),
        create(
            "createdBy an unknown participant",
            "{\"name\":\"L\",\"type\":\"lobby\",\"createdBy\":\"ghost\"}",
            422),
        get("list with an unknown type", "/v1/gatherings?type=party", 400),
        get("list with limit zero", "/v1/gatherings?limit=0", 400),
        get("list with listed not a boolean", "/v1/gatherings?listed=maybe", 400),
        get("an unknown gathering", "/v1/gatherings/gat_nope", 404),
        patch(
            "lobby patched with startsAt",
            "/v1/gatherings/{lobby}",
            "{\"startsAt\":\"" + START + "\"}",
            422),
        patch(
            "appointment endsAt moved before startsAt",
            "/v1/gatherings/{appointment}",
            "{\"endsAt\":\"" + EARLIER + "\"}",
            422),
        patch("name emptied", "/v1/gatherings/{lobby}", "{\"name\":\"\"}", 422),
        patch(
            "open visibility unknown", "/v1/gatherings/{open}", "{\"visibility\":\"hidden\"}", 422),
        patch("patch of an unknown field", "/v1/gatherings/{lobby}", "{\"type\":\"open\"}", 400),
        post("start with a blank roomId", "/v1/gatherings/{lobby}/start", "{\"roomId\":\"\"}", 422),
        post("end with a roomId", "/v1/gatherings/{lobby}/end", "{\"roomId\":\"r\"}", 422),
        post("start an unknown gathering", "/v1/gatherings/gat_nope/start", "{}", 404),
        post(
            "start by someone who is not the owner",
            "/v1/gatherings/{lobby}/start",
            "{\"participantId\":\"p1\"}",
            403),
        post("start an open gathering", "/v1/gatherings/{open}/start", "{}", 409),
        post("end a waiting lobby", "/v1/gatherings/{lobby}/end", "{}", 409),
        post("member without participantId", "/v1/gatherings/{lobby}/members", "{}", 422),
        post(
            "member an unknown participant",
            "/v1/gatherings/{lobby}/members",
            "{\"participantId\":\"ghost\"}",
            422),
        post(
            "member of an unknown gathering",
            "/v1/gatherings/gat_nope/members",
            "{\"participantId\":\"p1\"}",
            404),
        patch(
            "member state unknown",
            "/v1/gatherings/{lobby}/members/p1",
            "{\"state\":\"dancing\"}",
            422),
        patch(
            "member state of a non-member",
            "/v1/gatherings/{lobby}/members/p1",
            "{\"state\":\"left\"}",
            404),
        post("join without a code", "/v1/gatherings/join", "{\"participantId\":\"p1\"}", 422),
        post(
            "join with a U in the code",
            "/v1/gatherings/join",
            "{\"joinCode\":\"ABCD-123U\",\"participantId\":\"p1\"}",
            422),
        post(
            "join with a short code",
            "/v1/gatherings/join",
            "{\"joinCode\":\"ABC\",\"participantId\":\"p1\"}",
            422),
        post(
            "join with punctuation in the code",
            "/v1/gatherings/join",
            "{\"joinCode\":\"ABCD_1234\",\"participantId\":\"p1\"}",
            422),
        post(
            "join with an unknown code",
            "/v1/gatherings/join",
            "{\"joinCode\":\"ZZZZ-ZZZZ\",\"participantId\":\"p1\"}",
            404),
        post("join without a participant", "/v1/gatherings/join", "{\"joinCode\":\"{code}\"}", 422),
        post(
            "join as an unknown participant",
            "/v1/gatherings/join",
            "{\"joinCode\":\"{code}\",\"participantId\":\"ghost\"}",
            422),
        post("invite nobody", "/v1/gatherings/{lobby}/invitations", "{}", 422),
        post(
            "invite a bad address",
            "/v1/gatherings/{lobby}/invitations",
            "{\"emails\":[\"not-an-email\"]}",
            422),
        post(
            "invite an unknown participant",
            "/v1/gatherings/{lobby}/invitations",
            "{\"participantIds\":[\"ghost\"]}",
            422),
        post(
            "invite emails not an array",
            "/v1/gatherings/{lobby}/invitations",
            "{\"emails\":\"a@example.com\"}",
            400),
        post("send to nobody", "/v1/gatherings/{lobby}/invitations/send", "{}", 422),
        post(
            "send to a bad address",
            "/v1/gatherings/{lobby}/invitations/send",
            "{\"emails\":[\"a@example.com\",\"nope\"]}",
            422),
        post(
            "send to an unknown participant",
            "/v1/gatherings/{lobby}/invitations/send",
            "{\"participantIds\":[\"ghost\"]}",
            422),
        post(
            "send with malformed JSON",
            "/v1/gatherings/{lobby}/invitations/send",
            "{\"emails\":",
            400),
        post(
            "send with an unknown field",
            "/v1/gatherings/{lobby}/invitations/send",
            "{\"emails\":[\"a@example.com\"],\"subject\":\"hi\"}",
            400),
        post(
            "send participantIds not an array",
            "/v1/gatherings/{lobby}/invitations/send",
            "{\"participantIds\":\"p1\"}",
            400),
        post(
            "send for an unknown gathering",
            "/v1/gatherings/gat_nope/invitations/send",
            "{\"emails\":[\"a@example.com\"]}",
            404),
        get("an email link of an unknown project", "/invitations/prj_nope/tok/accept", 404),
        get("an email link with an unknown token", "/invitations/{project}/nope/accept", 404),
        get("an email link with an unknown answer", "/invitations/{project}/nope/maybe", 404),
        post(
            "answer an email link of an unknown token",
            "/invitations/{project}/nope/decline",
            "",
            404),
        post("accept an unknown invitation", "/v1/invitations/inv_nope/accept", "{}", 404),
        post("accept by token without a token", "/v1/invitations/accept", "{}", 422),
        post("participant id with a space", "/v1/participants", "{\"id\":\"p 1\"}", 422),
        post(
            "participant with a bad email",
            "/v1/participants",
            "{\"id\":\"px\",\"email\":\"nope\"}",
            422),
        post(
            "participant userData an array",
            "/v1/participants",
            "{\"id\":\"px\",\"userData\":[]}",
            422),
        get("an unknown session", "/v1/sessions/ses_nope", 404),
        get("sessions with a limit over 100", "/v1/sessions?limit=1000", 400));
  }

  @BeforeEach
  void fixtures() {
    if (project != null) {
      return;
    }
    project = newProject();
    WebTestClient api = as(project);
    send(api, HttpMethod.POST, "/v1/participants", "{\"id\":\"p1\",\"email\":\"p1@example.com\"}");
    JsonNode lobby =
        send(api, HttpMethod.POST, "/v1/gatherings", "{\"name\":\"L\",\"type\":\"lobby\"}");
    JsonNode appointment = send(api, HttpMethod.POST, "/v1/gatherings", appointment(START, END));
    JsonNode open =
        send(api, HttpMethod.POST, "/v1/gatherings", "{\"name\":\"O\",\"type\":\"open\"}");
    fixtures =
        Map.of(
            "{lobby}", lobby.get("id").asString(),
            "{appointment}", appointment.get("id").asString(),
            "{open}", open.get("id").asString(),
            "{code}", lobby.get("joinCode").asString(),
            "{project}", project.projectId());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInput_getsAProblemDocument(Case c) {
    var request =
        as(project).method(c.method()).uri(fill(c.uri())).contentType(MediaType.APPLICATION_JSON);
    var exchange =
        c.body() == null ? request.exchange() : request.bodyValue(fill(c.body())).exchange();

    JsonNode problem =
        JsonMapper.shared()
            .readTree(
                exchange
                    .expectStatus()
                    .isEqualTo(c.status())
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .returnResult()
                    .getResponseBody());
    assertThat(problem.get("status").asInt()).isEqualTo(c.status());
    assertThat(problem.get("type").asString()).startsWith("urn:herald:problem:");
    assertThat(problem.get("detail").asString())
        .isNotBlank()
        .doesNotContain("dev.herald", "Exception", "SQL");
    if (c.status() == 422) {
      assertThat(problem.get("errors")).isNotEmpty();
    }
  }

  private static String fill(String text) {
    String filled = text;
    for (var fixture : fixtures.entrySet()) {
      filled = filled.replace(fixture.getKey(), fixture.getValue());
    }
    return filled;
  }

  private static JsonNode send(WebTestClient api, HttpMethod method, String uri, String body) {
    return JsonMapper.shared()
        .readTree(
            api.method(method)
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody()
                .returnResult()
                .getResponseBody());
  }
}
