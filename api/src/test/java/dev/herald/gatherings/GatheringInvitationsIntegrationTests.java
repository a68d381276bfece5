package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Invitations: by participant and by address, deduplicated, answered by id or by token. */
class GatheringInvitationsIntegrationTests extends GatheringTestSupport {

  String gatheringId;

  @BeforeEach
  void setUp() {
    project = newProject();
    participant("p1");
    participant("p2");
    gatheringId = lobby("L").get("id").asString();
  }

  @Test
  void invitingTheSameAddressTwice_returnsTheExistingInvitation() {
    JsonNode first =
        invite(Map.of("participantIds", List.of("p1"), "emails", List.of("guest@example.com")));
    JsonNode again =
        invite(
            Map.of(
                "participantIds",
                List.of("p1"),
                "emails",
                List.of("GUEST@example.com", "p1@example.com")));

    assertThat(again.get("data").findValuesAsString("id"))
        .containsExactlyElementsOf(first.get("data").findValuesAsString("id"));
    assertThat(get(invitations()).get("data")).hasSize(2);
    assertThat(events("gathering.invitation.sent")).hasSize(2);
  }

  @Test
  void invitingAParticipant_makesThemAnInvitedMember_andRawEmailsDoNot() {
    invite(Map.of("participantIds", List.of("p1"), "emails", List.of("guest@example.com")));

    JsonNode roster = get("/v1/gatherings/" + gatheringId + "/members").get("data");
    assertThat(roster).hasSize(1);
    assertThat(roster.get(0).get("participantId").asString()).isEqualTo("p1");
    assertThat(roster.get(0).get("state").asString()).isEqualTo("invited");

    JsonNode member =
        created("/v1/gatherings/" + gatheringId + "/members", Map.of("participantId", "p1"));
    assertThat(member.get("state").asString()).isEqualTo("joined");
  }

  @Test
  void acceptById_emitsInvitationAccepted_andAnsweringTwiceIs409() {
    String id =
        invite(Map.of("participantIds", List.of("p1"))).get("data").get(0).get("id").asString();

    JsonNode accepted = ok("/v1/invitations/" + id + "/accept", Map.of());

    assertThat(accepted.get("status").asString()).isEqualTo("accepted");
    assertThat(accepted.get("respondedAt").isNull()).isFalse();
    JsonNode event = events("gathering.invitation.accepted").get(0);
    assertCatalogEvent(event, "gathering.invitation.accepted", "gathering:" + gatheringId);
    conflictNaming(post("/v1/invitations/" + id + "/decline", Map.of()), "accepted");
  }

  @Test
  void acceptAndDeclineByToken_answerTheInvitationOfTheEmailLink() {
    JsonNode sent = invite(Map.of("emails", List.of("a@example.com", "b@example.com"))).get("data");
    String tokenA = sent.get(0).get("token").asString();
    String tokenB = sent.get(1).get("token").asString();
    assertThat(tokenA).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(tokenB);

    assertThat(ok("/v1/invitations/accept", Map.of("token", tokenA)).get("status").asString())
        .isEqualTo("accepted");
    JsonNode declined = ok("/v1/invitations/decline", Map.of("token", tokenB));
    assertThat(declined.get("status").asString()).isEqualTo("declined");
    assertCatalogEvent(
        events("gathering.invitation.declined").get(0),
        "gathering.invitation.declined",
        "gathering:" + gatheringId);

    post("/v1/invitations/accept", Map.of("token", "not-a-token")).expectStatus().isNotFound();
    conflictNaming(post("/v1/invitations/accept", Map.of("token", tokenB)), "declined");
  }

  @Test
  void invitingAnUnknownParticipant_is422NamingIt() {
    JsonNode problem =
        json(
            post(invitations(), Map.of("participantIds", List.of("p1", "ghost")))
                .expectStatus()
                .isEqualTo(422));
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("participantIds[1]");
    assertThat(get(invitations()).get("data")).isEmpty();
  }

  private JsonNode invite(Map<String, Object> body) {
    return created(invitations(), body);
  }

  private String invitations() {
    return "/v1/gatherings/" + gatheringId + "/invitations";
  }
}
