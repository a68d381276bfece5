package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Gatherings of the three types: creation, the seed's samples, and every lifecycle move. */
class GatheringsIntegrationTests extends GatheringTestSupport {

  @BeforeEach
  void setUp() {
    project = newProject();
  }

  @Test
  void seedLobby_addMemberReadyAndStartWithRoom_createsASession() {
    participant("p1");
    JsonNode lobby = lobby("Ranked 5v5");
    String id = lobby.get("id").asString();
    assertThat(lobby.get("status").asString()).isEqualTo("waiting");
    assertThat(lobby.get("joinCode").asString())
        .matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");

    created("/v1/gatherings/" + id + "/members", Map.of("participantId", "p1"));
    JsonNode ready =
        json(
            patch("/v1/gatherings/" + id + "/members/p1", Map.of("state", "ready"))
                .expectStatus()
                .isOk());
    assertThat(ready.get("state").asString()).isEqualTo("ready");
    JsonNode started = ok("/v1/gatherings/" + id + "/start", Map.of("roomId", "ranked-5v5-room"));

    assertThat(started.get("status").asString()).isEqualTo("started");
    assertThat(started.get("roomId").asString()).isEqualTo("ranked-5v5-room");
    String sessionId = started.get("sessionId").asString();
    assertThat(sessionId).startsWith("ses_");
    JsonNode session = get("/v1/sessions/" + sessionId);
    assertThat(session.get("gatheringId").asString()).isEqualTo(id);
    assertThat(session.get("status").asString()).isEqualTo("active");
    assertThat(session.get("roomId").asString()).isEqualTo("ranked-5v5-room");

    JsonNode sessionCreated = events("session.created").get(0);
    assertCatalogEvent(sessionCreated, "session.created", "session:" + sessionId);
    JsonNode startedEvent = events("gathering.started").get(0);
    assertCatalogEvent(startedEvent, "gathering.started", "gathering:" + id);
    assertThat(startedEvent.get("payload").get("data").get("sessionId").asString())
        .isEqualTo(sessionId);
    assertThat(startedEvent.get("payload").get("data").get("name").asString())
        .isEqualTo("Ranked 5v5");
    assertThat(eventTypes("gathering.*,participant.joined"))
        .containsExactly(
            "gathering.created",
            "gathering.member.joined",
            "participant.joined",
            "gathering.member.ready",
            "gathering.started");
  }

  @Test
  void seedAppointment_withAutoStartSession_invitesP2AndP3() {
    participant("p2");
    participant("p3");
    JsonNode appt =
        created(
            "/v1/gatherings",
            Map.of(
                "name", "Quarterly Review",
                "type", "appointment",
                "startsAt", "2036-07-01T15:00:00Z",
                "endsAt", "2036-07-01T16:00:00Z",
                "autoStartSession", true));
    String id = appt.get("id").asString();
    assertThat(appt.get("status").asString()).isEqualTo("scheduled");
    assertThat(appt.get("startsAt").asString()).isEqualTo("2036-07-01T15:00:00Z");
    assertThat(appt.get("autoStartSession").asBoolean()).isTrue();

    JsonNode sent =
        created(
            "/v1/gatherings/" + id + "/invitations", Map.of("participantIds", List.of("p2", "p3")));
    assertThat(sent.get("data").findValuesAsString("email"))
        .containsExactly("p2@example.com", "p3@example.com");
    assertThat(sent.get("data").findValuesAsString("status")).containsOnly("pending");

    JsonNode members = get("/v1/gatherings/" + id + "/members");
    assertThat(members.get("data").findValuesAsString("state"))
        .containsExactly("invited", "invited");
    List<JsonNode> invitationEvents = events("gathering.invitation.sent");
    assertThat(invitationEvents).hasSize(2);
    invitationEvents.forEach(
        e -> {
          assertCatalogEvent(e, "gathering.invitation.sent", "gathering:" + id);
          assertThat(e.get("payload").get("data").has("token")).isFalse();
        });
  }

  @Test
  void seedOpen_joinByCode_ignoresCaseAndHyphens() {
    participant("p1");
    JsonNode open = created("/v1/gatherings", Map.of("name", "Lounge", "type", "open"));
    assertThat(open.get("status").asString()).isEqualTo("active");
    assertThat(open.get("visibility").asString()).isEqualTo("listed");
    String typed = open.get("joinCode").asString().replace("-", "").toLowerCase();

    JsonNode joined = ok("/v1/gatherings/join", Map.of("joinCode", typed, "participantId", "p1"));

    assertThat(joined.get("gathering").get("id").asString()).isEqualTo(open.get("id").asString());
    assertThat(joined.get("member").get("state").asString()).isEqualTo("joined");
  }

  @Test
  void joinByCode_readsOAsZeroAndIOrLAsOne_andIgnoresSpaces() {
    participant("p1");
    JsonNode open = created("/v1/gatherings", Map.of("name", "Lounge", "type", "open"));
    String code = open.get("joinCode").asString();
    String typed = code.replace('0', 'o').replace('1', 'l').replace("-", " ").toLowerCase();

    ok("/v1/gatherings/join", Map.of("joinCode", " " + typed + " ", "participantId", "p1"));
  }

  @Test
  void create_emitsGatheringCreatedWithTheWholeGathering_andTheCreatorJoinsAsOwner() {
    participant("host");
    JsonNode lobby =
        created(
            "/v1/gatherings",
            Map.of(
                "name",
                "Party",
                "type",
                "lobby",
                "createdBy",
                "host",
                "maxMembers",
                4,
                "metadata",
                Map.of("mode", "duo")));
    String id = lobby.get("id").asString();
    JsonNode event = events("gathering.created").get(0);
    assertCatalogEvent(event, "gathering.created", "gathering:" + id);
    assertThat(event.get("payload").get("data")).isEqualTo(lobby);

    JsonNode members = get("/v1/gatherings/" + id + "/members");
    assertThat(members.get("data").get(0).get("participantId").asString()).isEqualTo("host");
    assertThat(members.get("data").get(0).get("role").asString()).isEqualTo("owner");
    assertThat(members.get("data").get(0).get("state").asString()).isEqualTo("joined");
  }

  @Test
  void update_emitsGatheringUpdatedWithTheOldValues() {
    String id = lobby("Before").get("id").asString();

    JsonNode after =
        json(
            patch("/v1/gatherings/" + id, Map.of("name", "After", "maxMembers", 8))
                .expectStatus()
                .isOk());

    assertThat(after.get("name").asString()).isEqualTo("After");
    JsonNode event = events("gathering.updated").get(0);
    assertCatalogEvent(event, "gathering.updated", "gathering:" + id);
    JsonNode changes = event.get("payload").get("changes");
    assertThat(changes.get("name").asString()).isEqualTo("Before");
    assertThat(changes.get("maxMembers").isNull()).isTrue();
    assertThat(changes.has("type")).isFalse();
  }

  @Test
  void lobby_startTwice_is409NamingStarted_andCancelAfterStartIs409() {
    String id = lobby("L").get("id").asString();
    ok("/v1/gatherings/" + id + "/start", Map.of());

    conflictNaming(post("/v1/gatherings/" + id + "/start", Map.of()), "started");
    conflictNaming(post("/v1/gatherings/" + id + "/cancel", Map.of()), "started");
  }

  @Test
  void lobby_endBeforeStart_is409NamingWaiting_andCancelThenAnythingIs409NamingCancelled() {
    String id = lobby("L").get("id").asString();
    conflictNaming(post("/v1/gatherings/" + id + "/end", Map.of()), "waiting");

    JsonNode cancelled = ok("/v1/gatherings/" + id + "/cancel", Map.of());
    assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
    assertCatalogEvent(
        events("gathering.cancelled").get(0), "gathering.cancelled", "gathering:" + id);

    conflictNaming(post("/v1/gatherings/" + id + "/start", Map.of()), "cancelled");
    conflictNaming(post("/v1/gatherings/" + id + "/end", Map.of()), "cancelled");
    conflictNaming(post("/v1/gatherings/" + id + "/cancel", Map.of()), "cancelled");
  }

  @Test
  void lobby_withAutoStartSession_startsASession_andEndingTheLobbyEndsIt() {
    JsonNode lobby =
        created("/v1/gatherings", Map.of("name", "L", "type", "lobby", "autoStartSession", true));
    String id = lobby.get("id").asString();
    String sessionId = ok("/v1/gatherings/" + id + "/start", Map.of()).get("sessionId").asString();

    JsonNode ended = ok("/v1/gatherings/" + id + "/end", Map.of());

    assertThat(ended.get("status").asString()).isEqualTo("ended");
    assertThat(get("/v1/sessions/" + sessionId).get("status").asString()).isEqualTo("ended");
    JsonNode sessionUpdated = events("session.updated").get(0);
    assertCatalogEvent(sessionUpdated, "session.updated", "session:" + sessionId);
    assertThat(sessionUpdated.get("payload").get("changes").get("status").asString())
        .isEqualTo("active");
    assertCatalogEvent(events("gathering.ended").get(0), "gathering.ended", "gathering:" + id);
    assertThat(conflictDetail("/v1/gatherings/" + id + "/end")).contains("ended");
  }

  @Test
  void lobby_startWithoutRoomOrAutoStart_createsNoSession() {
    String id = lobby("L").get("id").asString();
    JsonNode started = ok("/v1/gatherings/" + id + "/start", Map.of());
    assertThat(started.get("sessionId").isNull()).isTrue();
    assertThat(get("/v1/sessions?gatheringId=" + id).get("data")).isEmpty();
  }

  @Test
  void appointment_scheduledStartedEnded_andCancelledBeforeStart() {
    String id = appointment(false).get("id").asString();
    JsonNode started = ok("/v1/gatherings/" + id + "/start", Map.of());
    assertThat(started.get("status").asString()).isEqualTo("started");
    conflictNaming(post("/v1/gatherings/" + id + "/cancel", Map.of()), "started");
    assertThat(ok("/v1/gatherings/" + id + "/end", Map.of()).get("status").asString())
        .isEqualTo("ended");

    String other = appointment(false).get("id").asString();
    conflictNaming(post("/v1/gatherings/" + other + "/end", Map.of()), "scheduled");
    assertThat(ok("/v1/gatherings/" + other + "/cancel", Map.of()).get("status").asString())
        .isEqualTo("cancelled");
    conflictNaming(post("/v1/gatherings/" + other + "/start", Map.of()), "cancelled");
  }

  @Test
  void appointment_rescheduleAfterStart_is409() {
    String id = appointment(false).get("id").asString();
    ok("/v1/gatherings/" + id + "/start", Map.of());
    conflictNaming(
        patch(
            "/v1/gatherings/" + id,
            Map.of("startsAt", Instant.now().plus(29, ChronoUnit.DAYS).toString())),
        "started");
  }

  @Test
  void open_isActiveUntilEnded_andCannotStartOrCancel() {
    String id = created("/v1/gatherings", Map.of("name", "O", "type", "open")).get("id").asString();
    conflictNaming(post("/v1/gatherings/" + id + "/start", Map.of()), "active");
    conflictNaming(post("/v1/gatherings/" + id + "/cancel", Map.of()), "active");
    assertThat(ok("/v1/gatherings/" + id + "/end", Map.of()).get("status").asString())
        .isEqualTo("ended");
    conflictNaming(post("/v1/gatherings/" + id + "/end", Map.of()), "ended");
  }

  @Test
  void lifecycle_byAParticipantOtherThanTheOwner_is403() {
    participant("host");
    participant("guest");
    String id =
        created("/v1/gatherings", Map.of("name", "L", "type", "lobby", "createdBy", "host"))
            .get("id")
            .asString();
    created("/v1/gatherings/" + id + "/members", Map.of("participantId", "guest"));

    post("/v1/gatherings/" + id + "/start", Map.of("participantId", "guest"))
        .expectStatus()
        .isForbidden();
    post("/v1/gatherings/" + id + "/cancel", Map.of("participantId", "guest"))
        .expectStatus()
        .isForbidden();
    ok("/v1/gatherings/" + id + "/start", Map.of("participantId", "host"));
    post("/v1/gatherings/" + id + "/end", Map.of("participantId", "guest"))
        .expectStatus()
        .isForbidden();
    ok("/v1/gatherings/" + id + "/end", Map.of("participantId", "host"));
  }

  @Test
  void listedOpenGatherings_areFoundByTypeAndListed() {
    String listed =
        created("/v1/gatherings", Map.of("name", "Public", "type", "open")).get("id").asString();
    created("/v1/gatherings", Map.of("name", "Secret", "type", "open", "visibility", "unlisted"));
    lobby("Lobby");

    JsonNode found = get("/v1/gatherings?type=open&listed=true");

    assertThat(found.get("data").findValuesAsString("id")).containsExactly(listed);
  }

  @Test
  void anotherProjectsGathering_is404() {
    String id = lobby("Mine").get("id").asString();
    TestProject other = newProject();
    as(other).get().uri("/v1/gatherings/" + id).exchange().expectStatus().isNotFound();
    as(other).post().uri("/v1/gatherings/" + id + "/start").exchange().expectStatus().isNotFound();
  }

  @Test
  void sessions_listsTheProjectsSessions() {
    String a = lobby("A").get("id").asString();
    String b = lobby("B").get("id").asString();
    ok("/v1/gatherings/" + a + "/start", Map.of("roomId", "room-a"));
    ok("/v1/gatherings/" + b + "/start", Map.of("roomId", "room-b"));

    JsonNode sessions = get("/v1/sessions");

    assertThat(sessions.get("data").findValuesAsString("gatheringId"))
        .containsExactlyInAnyOrder(a, b);
    assertThat(get("/v1/sessions?gatheringId=" + a).get("data")).hasSize(1);
  }

  @Test
  void everyEventOfAWholeScenario_isACatalogTypeWithTheCatalogsAction() {
    participant("p1");
    participant("p2");
    String id =
        created("/v1/gatherings", Map.of("name", "L", "type", "lobby", "createdBy", "p1"))
            .get("id")
            .asString();
    created("/v1/gatherings/" + id + "/invitations", Map.of("participantIds", List.of("p2")));
    created("/v1/gatherings/" + id + "/members", Map.of("participantId", "p2"));
    patch("/v1/gatherings/" + id + "/members/p2", Map.of("state", "ready")).expectStatus().isOk();
    patch("/v1/gatherings/" + id, Map.of("name", "L2")).expectStatus().isOk();
    ok("/v1/gatherings/" + id + "/start", Map.of("roomId", "r"));
    patch("/v1/gatherings/" + id + "/members/p2", Map.of("state", "left")).expectStatus().isOk();
    ok("/v1/gatherings/" + id + "/end", Map.of());

    List<JsonNode> all = events("*");

    assertThat(all).hasSizeGreaterThanOrEqualTo(14);
    for (JsonNode event : all) {
      String type = event.get("type").asString();
      String resource =
          type.startsWith("session.")
              ? "session:" + event.get("payload").get("data").get("id").asString()
              : type.startsWith("participant.")
                      && !type.endsWith("joined")
                      && !type.endsWith("left")
                  ? "participant:" + event.get("payload").get("data").get("id").asString()
                  : "gathering:" + id;
      assertCatalogEvent(event, type, resource);
    }
  }

  private JsonNode appointment(boolean autoStart) {
    Instant start = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    return created(
        "/v1/gatherings",
        Map.of(
            "name",
            "Meeting",
            "type",
            "appointment",
            "startsAt",
            start.toString(),
            "endsAt",
            start.plus(1, ChronoUnit.HOURS).toString(),
            "autoStartSession",
            autoStart));
  }

  private String conflictDetail(String uri) {
    return json(post(uri, Map.of()).expectStatus().isEqualTo(409)).get("detail").asString();
  }
}
