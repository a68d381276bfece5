package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Members: joining, ready, leaving, removal, capacity, ownership and join codes. */
class GatheringMembersIntegrationTests extends GatheringTestSupport {

  @BeforeEach
  void setUp() {
    project = newProject();
    for (String id : List.of("p1", "p2", "p3")) {
      participant(id);
    }
  }

  @Test
  void join_emitsMemberJoinedAndParticipantJoined_withTheGatheringAsResource() {
    String id = lobby("L").get("id").asString();
    JsonNode member = created(members(id), Map.of("participantId", "p1"));

    assertThat(member.get("role").asString()).isEqualTo("owner");
    assertThat(member.get("state").asString()).isEqualTo("joined");
    JsonNode joined = events("gathering.member.joined").get(0);
    assertCatalogEvent(joined, "gathering.member.joined", "gathering:" + id);
    assertThat(joined.get("payload").get("data").get("participantId").asString()).isEqualTo("p1");
    JsonNode participantJoined = events("participant.joined").get(0);
    assertCatalogEvent(participantJoined, "participant.joined", "gathering:" + id);
    assertThat(participantJoined.get("payload").get("data").get("gatheringId").asString())
        .isEqualTo(id);
  }

  @Test
  void ready_inAnAppointment_is409NamingItsStatus() {
    Instant start = Instant.now().plus(10, ChronoUnit.DAYS);
    String id =
        created(
                "/v1/gatherings",
                Map.of(
                    "name",
                    "A",
                    "type",
                    "appointment",
                    "startsAt",
                    start.toString(),
                    "endsAt",
                    start.plus(1, ChronoUnit.HOURS).toString()))
            .get("id")
            .asString();
    created(members(id), Map.of("participantId", "p1"));

    conflictNaming(patch(members(id) + "/p1", Map.of("state", "ready")), "scheduled");
  }

  @Test
  void ready_twice_is409_andReadyEmitsMemberReady() {
    String id = lobby("L").get("id").asString();
    created(members(id), Map.of("participantId", "p1"));
    patch(members(id) + "/p1", Map.of("state", "ready")).expectStatus().isOk();
    assertCatalogEvent(
        events("gathering.member.ready").get(0), "gathering.member.ready", "gathering:" + id);

    conflictNaming(patch(members(id) + "/p1", Map.of("state", "ready")), "ready");
  }

  @Test
  void fullGathering_refusesJoinsWith409_untilSomeoneLeaves() {
    String id =
        created("/v1/gatherings", Map.of("name", "Duo", "type", "lobby", "maxMembers", 2))
            .get("id")
            .asString();
    created(members(id), Map.of("participantId", "p1"));
    created(members(id), Map.of("participantId", "p2"));

    JsonNode problem =
        json(post(members(id), Map.of("participantId", "p3")).expectStatus().isEqualTo(409));
    assertThat(problem.get("detail").asString()).contains("full");

    patch(members(id) + "/p2", Map.of("state", "left")).expectStatus().isOk();
    created(members(id), Map.of("participantId", "p3"));
  }

  @Test
  void concurrentJoins_neverExceedMaxMembers() {
    List<String> people = List.of("c1", "c2", "c3", "c4", "c5", "c6");
    people.forEach(this::participant);
    String id =
        created("/v1/gatherings", Map.of("name", "Duo", "type", "open", "maxMembers", 2))
            .get("id")
            .asString();

    List<Integer> statuses =
        Flux.fromIterable(people)
            .flatMap(
                p ->
                    WebClient.create("http://localhost:" + port)
                        .post()
                        .uri(members(id))
                        .header("Authorization", "Bearer " + project.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("participantId", p))
                        .exchangeToMono(r -> Mono.just(r.statusCode().value())),
                people.size())
            .collectList()
            .block(Duration.ofSeconds(30));

    assertThat(statuses).containsOnly(201, 409);
    assertThat(statuses.stream().filter(s -> s == 201)).hasSize(2);
    assertThat(get(members(id)).get("data")).hasSize(2);
  }

  @Test
  void ownerLeaving_handsOwnershipToTheMemberPresentLongest() {
    String id =
        created("/v1/gatherings", Map.of("name", "L", "type", "lobby", "createdBy", "p1"))
            .get("id")
            .asString();
    created(members(id), Map.of("participantId", "p2"));
    created(members(id), Map.of("participantId", "p3"));

    JsonNode left = json(patch(members(id) + "/p1", Map.of("state", "left")).expectStatus().isOk());

    assertThat(left.get("state").asString()).isEqualTo("left");
    assertThat(left.get("role").asString()).isEqualTo("member");
    JsonNode roster = get(members(id)).get("data");
    assertThat(roster.get(1).get("participantId").asString()).isEqualTo("p2");
    assertThat(roster.get(1).get("role").asString()).isEqualTo("owner");
    JsonNode leftEvent = events("gathering.member.left").get(0);
    assertCatalogEvent(leftEvent, "gathering.member.left", "gathering:" + id);
    assertThat(leftEvent.get("payload").get("data").get("newOwnerId").asString()).isEqualTo("p2");
    assertThat(leftEvent.get("payload").get("data").get("reason").asString()).isEqualTo("left");
    assertCatalogEvent(events("participant.left").get(0), "participant.left", "gathering:" + id);

    ok("/v1/gatherings/" + id + "/start", Map.of("participantId", "p2"));
  }

  @Test
  void rejoin_afterLeaving_isAllowed_andLeavingTwiceIs409() {
    String id = lobby("L").get("id").asString();
    created(members(id), Map.of("participantId", "p1"));
    patch(members(id) + "/p1", Map.of("state", "left")).expectStatus().isOk();
    conflictNaming(patch(members(id) + "/p1", Map.of("state", "left")), "left");

    JsonNode again = created(members(id), Map.of("participantId", "p1"));

    assertThat(again.get("state").asString()).isEqualTo("joined");
    assertThat(eventTypes("gathering.member.*"))
        .containsExactly(
            "gathering.member.joined", "gathering.member.left", "gathering.member.joined");
  }

  @Test
  void anInvitedMember_cannotBeReadyOrLeave_untilTheyJoin() {
    String id = lobby("L").get("id").asString();
    created("/v1/gatherings/" + id + "/invitations", Map.of("participantIds", List.of("p1")));

    conflictNaming(patch(members(id) + "/p1", Map.of("state", "ready")), "invited");
    conflictNaming(patch(members(id) + "/p1", Map.of("state", "left")), "invited");
    created(members(id), Map.of("participantId", "p1"));
    patch(members(id) + "/p1", Map.of("state", "ready")).expectStatus().isOk();
  }

  @Test
  void aParticipantInAGathering_cannotBeDeleted() {
    String id = lobby("L").get("id").asString();
    created(members(id), Map.of("participantId", "p1"));
    api().delete().uri("/v1/participants/p1").exchange().expectStatus().isEqualTo(409);
    api().delete().uri(members(id) + "/p1").exchange().expectStatus().isNoContent();
    api().delete().uri("/v1/participants/p1").exchange().expectStatus().isNoContent();
  }

  @Test
  void joiningTwice_is409() {
    String id = lobby("L").get("id").asString();
    created(members(id), Map.of("participantId", "p1"));
    conflictNaming(post(members(id), Map.of("participantId", "p1")), "joined");
  }

  @Test
  void startedLobby_endedAndCancelledGatherings_refuseJoins_butAStartedAppointmentAdmitsThem() {
    String lobby = lobby("L").get("id").asString();
    ok("/v1/gatherings/" + lobby + "/start", Map.of());
    conflictNaming(post(members(lobby), Map.of("participantId", "p1")), "started");
    ok("/v1/gatherings/" + lobby + "/end", Map.of());
    conflictNaming(post(members(lobby), Map.of("participantId", "p1")), "ended");

    String cancelled = lobby("C").get("id").asString();
    ok("/v1/gatherings/" + cancelled + "/cancel", Map.of());
    conflictNaming(post(members(cancelled), Map.of("participantId", "p1")), "cancelled");

    Instant start = Instant.now().plus(1, ChronoUnit.DAYS);
    String appointment =
        created(
                "/v1/gatherings",
                Map.of(
                    "name",
                    "A",
                    "type",
                    "appointment",
                    "startsAt",
                    start.toString(),
                    "endsAt",
                    start.plus(1, ChronoUnit.HOURS).toString()))
            .get("id")
            .asString();
    ok("/v1/gatherings/" + appointment + "/start", Map.of());
    created(members(appointment), Map.of("participantId", "p1"));
  }

  @Test
  void remove_deletesTheMember_andEmitsMemberLeftWithReasonRemoved() {
    String id = lobby("L").get("id").asString();
    created(members(id), Map.of("participantId", "p1"));
    created(members(id), Map.of("participantId", "p2"));

    api().delete().uri(members(id) + "/p2").exchange().expectStatus().isNoContent();

    assertThat(get(members(id)).get("data").findValuesAsString("participantId"))
        .containsExactly("p1");
    JsonNode left = events("gathering.member.left").get(0);
    assertThat(left.get("payload").get("data").get("reason").asString()).isEqualTo("removed");
    api().delete().uri(members(id) + "/p2").exchange().expectStatus().isNotFound();
  }

  @Test
  void unknownParticipant_is422() {
    String id = lobby("L").get("id").asString();
    post(members(id), Map.of("participantId", "nobody")).expectStatus().isEqualTo(422);
  }

  @Test
  void joinByUnknownCode_is404_andRepeatedFailuresAre429WithRetryAfter() {
    for (int i = 0; i < 10; i++) {
      post("/v1/gatherings/join", Map.of("joinCode", "ZZZZ-ZZZ" + i, "participantId", "p1"))
          .expectStatus()
          .isNotFound();
    }
    post("/v1/gatherings/join", Map.of("joinCode", "ZZZZ-ZZZA", "participantId", "p1"))
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists("Retry-After");

    // the limit is the project's: another project still looks codes up
    TestProject other = newProject();
    as(other)
        .post()
        .uri("/v1/gatherings/join")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("joinCode", "ZZZZ-ZZZZ", "participantId", "p1"))
        .exchange()
        .expectStatus()
        .isNotFound();
  }

  private static String members(String gatheringId) {
    return "/v1/gatherings/" + gatheringId + "/members";
  }
}
