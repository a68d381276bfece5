package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.GatheringStatus;
import dev.herald.gatherings.domain.GatheringType;
import dev.herald.gatherings.domain.Member;
import dev.herald.gatherings.domain.MemberRepository;
import dev.herald.gatherings.domain.MemberRole;
import dev.herald.gatherings.domain.MemberState;
import dev.herald.gatherings.participants.ParticipantRepository;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.Violations;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Members joining, getting ready, leaving and being removed, under the gathering's lock: capacity,
 * the gathering's status and ownership are checked and changed in one transaction with the {@code
 * gathering.member.*} and {@code participant.joined/left} events.
 */
@Service
class MemberService {

  private final GatheringRepository gatherings;
  private final MemberRepository members;
  private final ParticipantRepository participants;
  private final GatheringEvents events;
  private final TransactionalOperator tx;

  MemberService(
      GatheringRepository gatherings,
      MemberRepository members,
      ParticipantRepository participants,
      GatheringEvents events,
      TransactionalOperator tx) {
    this.gatherings = gatherings;
    this.members = members;
    this.participants = participants;
    this.events = events;
    this.tx = tx;
  }

  /** {@code addMember}: the participant joins the gathering (again, after leaving). */
  Mono<MemberOut> add(ProjectRef caller, String gatheringId, String participantId) {
    return lock(caller, gatheringId)
        .flatMap(g -> join(caller, g, participantId))
        .map(MemberOut::of)
        .as(tx::transactional);
  }

  /** Joins by code: the gathering found by its code, and the joined member. */
  Mono<JoinOut> joinByCode(ProjectRef caller, String gatheringId, String participantId) {
    return lock(caller, gatheringId)
        .flatMap(
            g ->
                join(caller, g, participantId)
                    .map(member -> new JoinOut(GatheringOut.of(g), MemberOut.of(member))))
        .as(tx::transactional);
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
        .then(optional(members.find(projectId, g.id(), participantId)))
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
                  .then(optional(members.owner(projectId, g.id())))
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

  /** Marks a joined member of a waiting lobby ready. */
  Mono<MemberOut> ready(ProjectRef caller, String gatheringId, String participantId) {
    return lock(caller, gatheringId)
        .flatMap(
            g ->
                findMember(caller, g, participantId)
                    .flatMap(
                        member -> {
                          if (g.type() != GatheringType.LOBBY) {
                            return Mono.error(
                                ApiException.conflict(
                                    "Ready exists only in lobbies; gathering "
                                        + g.id()
                                        + " is an "
                                        + g.type().wireName()
                                        + " (status "
                                        + g.status().wireName()
                                        + ")"));
                          }
                          if (g.status() != GatheringStatus.WAITING) {
                            return Mono.error(
                                ApiException.conflict(
                                    "Lobby " + g.id() + " is " + g.status().wireName()));
                          }
                          if (!member.state().canMoveTo(MemberState.READY)) {
                            return Mono.error(memberConflict(member, "ready"));
                          }
                          return members
                              .update(
                                  caller.projectId(),
                                  g.id(),
                                  participantId,
                                  member.role(),
                                  MemberState.READY)
                              .flatMap(
                                  ready ->
                                      events
                                          .occurred(
                                              caller,
                                              "gathering.member.ready",
                                              g.id(),
                                              MemberOut.of(ready))
                                          .thenReturn(MemberOut.of(ready)));
                        }))
        .as(tx::transactional);
  }

  /**
   * The member leaves ({@code removed} false) or is removed ({@code removed} true, the row goes);
   * an owner hands over to the member present longest.
   */
  Mono<MemberOut> leave(
      ProjectRef caller, String gatheringId, String participantId, boolean removed) {
    String projectId = caller.projectId();
    return lock(caller, gatheringId)
        .flatMap(
            g ->
                findMember(caller, g, participantId)
                    .flatMap(
                        member -> {
                          if (!removed && !member.state().canMoveTo(MemberState.LEFT)) {
                            return Mono.error(memberConflict(member, "left"));
                          }
                          Mono<Optional<Member>> successor =
                              member.role() == MemberRole.OWNER
                                  ? optional(
                                      members.longestPresent(projectId, g.id(), participantId))
                                  : Mono.just(Optional.empty());
                          return successor.flatMap(
                              next -> {
                                Mono<Member> handOver =
                                    next.map(
                                            n ->
                                                members.update(
                                                    projectId,
                                                    g.id(),
                                                    n.participantId(),
                                                    MemberRole.OWNER,
                                                    n.state()))
                                        .orElse(Mono.empty());
                                MemberRole role =
                                    next.isPresent() ? MemberRole.MEMBER : member.role();
                                Mono<Member> write =
                                    removed
                                        ? members
                                            .delete(projectId, g.id(), participantId)
                                            .thenReturn(
                                                new Member(
                                                    projectId,
                                                    g.id(),
                                                    participantId,
                                                    role,
                                                    MemberState.LEFT,
                                                    null,
                                                    member.createdAt(),
                                                    member.updatedAt()))
                                        : members.update(
                                            projectId,
                                            g.id(),
                                            participantId,
                                            role,
                                            MemberState.LEFT);
                                return handOver
                                    .then(write)
                                    .flatMap(
                                        left ->
                                            announceLeft(
                                                caller,
                                                g,
                                                member,
                                                left,
                                                removed,
                                                next.map(Member::participantId).orElse(null)));
                              });
                        }))
        .as(tx::transactional);
  }

  private Mono<MemberOut> announceLeft(
      ProjectRef caller,
      Gathering g,
      Member before,
      Member left,
      boolean removed,
      String newOwnerId) {
    ObjectNode data = (ObjectNode) events.tree(MemberOut.of(left));
    data.put("reason", removed ? "removed" : "left");
    data.put("newOwnerId", newOwnerId);
    Mono<Void> participantLeft =
        before.state().isPresent()
            ? events.occurred(caller, "participant.left", g.id(), presence(left.participantId(), g))
            : Mono.empty();
    return events
        .occurred(caller, "gathering.member.left", g.id(), data)
        .then(participantLeft)
        .thenReturn(MemberOut.of(left));
  }

  Mono<List<MemberOut>> list(ProjectRef caller, String gatheringId) {
    return gatherings
        .find(caller.projectId(), gatheringId)
        .switchIfEmpty(Mono.error(ApiException.notFound("gathering", gatheringId)))
        .thenMany(members.list(caller.projectId(), gatheringId))
        .map(MemberOut::of)
        .collectList();
  }

  private Mono<Gathering> lock(ProjectRef caller, String gatheringId) {
    return gatherings
        .lock(caller.projectId(), gatheringId)
        .switchIfEmpty(Mono.error(ApiException.notFound("gathering", gatheringId)));
  }

  private Mono<Member> findMember(ProjectRef caller, Gathering g, String participantId) {
    return members
        .find(caller.projectId(), g.id(), participantId)
        .switchIfEmpty(
            Mono.error(
                new ApiException(
                    HttpStatus.NOT_FOUND,
                    "not_found",
                    "Participant " + participantId + " is not a member of gathering " + g.id())));
  }

  private static ApiException memberConflict(Member member, String target) {
    return ApiException.conflict(
        "Member "
            + member.participantId()
            + " is "
            + member.state().wireName()
            + " and cannot become "
            + target);
  }

  static ApiException unknownParticipant(String participantId) {
    return Violations.invalid(
        "participantId", "no participant " + participantId + " in this project");
  }

  /** The data of {@code participant.joined/left}: who, and which gathering. */
  private static java.util.Map<String, String> presence(String participantId, Gathering g) {
    return java.util.Map.of(
        "participantId",
        participantId,
        "gatheringId",
        g.id(),
        "gatheringType",
        g.type().wireName());
  }

  static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
