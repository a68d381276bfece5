package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.Member;
import dev.herald.gatherings.domain.MemberRepository;
import dev.herald.gatherings.domain.MemberRole;
import dev.herald.gatherings.domain.MemberState;
import dev.herald.gatherings.participants.ParticipantRepository;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.Violations;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may join a locked gathering and as what: its status and capacity decide, and the first member
 * of a gathering without a present owner becomes its owner. Runs inside the caller's transaction
 * ({@link MemberService}, {@link GatheringService}).
 */
@Component
class MemberAdmission {

  private final MemberRepository members;
  private final ParticipantRepository participants;
  private final GatheringEvents events;

  MemberAdmission(
      MemberRepository members, ParticipantRepository participants, GatheringEvents events) {
    this.members = members;
    this.participants = participants;
    this.events = events;
  }

  /**
   * Joins a participant to a locked gathering: refused (409) when it is over, a started lobby, or
   * full; the first member of a gathering without a present owner becomes its owner.
   */
  Mono<Member> join(ProjectRef caller, Gathering g, String participantId) {
    String projectId = caller.projectId();
    return participants
        .find(projectId, participantId)
        .switchIfEmpty(Mono.error(unknownParticipant(participantId)))
        .then(MemberService.optional(members.find(projectId, g.id(), participantId)))
        .flatMap(
            existing -> {
              if (!g.status().admitsJoins(g.type())) {
                return Mono.error(
                    ApiException.conflict(
                        "Gathering "
                            + g.id()
                            + " is "
                            + g.status().wireName()
                            + "; a "
                            + g.type().wireName()
                            + " admits no joins now"));
              }
              if (existing.isPresent() && existing.get().state().isPresent()) {
                return Mono.error(
                    ApiException.conflict(
                        "Participant "
                            + participantId
                            + " is already "
                            + existing.get().state().wireName()
                            + " in gathering "
                            + g.id()));
              }
              return checkCapacity(g)
                  .then(MemberService.optional(members.owner(projectId, g.id())))
                  .flatMap(owner -> admit(caller, g, participantId, existing, owner));
            });
  }

  private Mono<Void> checkCapacity(Gathering g) {
    if (g.maxMembers() == null) {
      return Mono.empty();
    }
    return members
        .countPresent(g.projectId(), g.id())
        .flatMap(
            present ->
                present >= g.maxMembers()
                    ? Mono.error(
                        ApiException.conflict(
                            "Gathering "
                                + g.id()
                                + " is full ("
                                + present
                                + " of maxMembers "
                                + g.maxMembers()
                                + ")"))
                    : Mono.empty());
  }

  private Mono<Member> admit(
      ProjectRef caller,
      Gathering g,
      String participantId,
      Optional<Member> existing,
      Optional<Member> owner) {
    String projectId = caller.projectId();
    boolean ownerPresent = owner.isPresent() && owner.get().state().isPresent();
    boolean becomesOwner = !ownerPresent || owner.get().participantId().equals(participantId);
    MemberRole role = becomesOwner ? MemberRole.OWNER : MemberRole.MEMBER;
    Mono<Void> demoteAbsentOwner =
        owner.isPresent() && !ownerPresent && !owner.get().participantId().equals(participantId)
            ? members
                .update(
                    projectId,
                    g.id(),
                    owner.get().participantId(),
                    MemberRole.MEMBER,
                    owner.get().state())
                .then()
            : Mono.empty();
    Mono<Member> write =
        existing.isPresent()
            ? members.update(projectId, g.id(), participantId, role, MemberState.JOINED)
            : members.insert(projectId, g.id(), participantId, role, MemberState.JOINED);
    return demoteAbsentOwner
        .then(write)
        .flatMap(
            member ->
                events
                    .occurred(caller, "gathering.member.joined", g.id(), MemberOut.of(member))
                    .then(
                        events.occurred(
                            caller, "participant.joined", g.id(), presence(participantId, g)))
                    .thenReturn(member));
  }

  static ApiException unknownParticipant(String participantId) {
    return Violations.invalid(
        "participantId", "no participant " + participantId + " in this project");
  }

  /** The data of {@code participant.joined/left}: who, and which gathering. */
  static java.util.Map<String, String> presence(String participantId, Gathering g) {
    return java.util.Map.of(
        "participantId",
        participantId,
        "gatheringId",
        g.id(),
        "gatheringType",
        g.type().wireName());
  }
}
