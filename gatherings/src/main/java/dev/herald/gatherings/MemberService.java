package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.GatheringStatus;
import dev.herald.gatherings.domain.GatheringType;
import dev.herald.gatherings.domain.Member;
import dev.herald.gatherings.domain.MemberRepository;
import dev.herald.gatherings.domain.MemberRole;
import dev.herald.gatherings.domain.MemberState;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
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
  private final MemberAdmission admission;
  private final GatheringEvents events;
  private final TransactionalOperator tx;

  MemberService(
      GatheringRepository gatherings,
      MemberRepository members,
      MemberAdmission admission,
      GatheringEvents events,
      TransactionalOperator tx) {
    this.gatherings = gatherings;
    this.members = members;
    this.admission = admission;
    this.events = events;
    this.tx = tx;
  }

  /** {@code addMember}: the participant joins the gathering (again, after leaving). */
  Mono<MemberOut> add(ProjectRef caller, String gatheringId, String participantId) {
    return lock(caller, gatheringId)
        .flatMap(g -> admission.join(caller, g, participantId))
        .map(MemberOut::of)
        .as(tx::transactional);
  }

  /** Joins by code: the gathering found by its code, and the joined member. */
  Mono<JoinOut> joinByCode(ProjectRef caller, String gatheringId, String participantId) {
    return lock(caller, gatheringId)
        .flatMap(
            g ->
                admission
                    .join(caller, g, participantId)
                    .map(member -> new JoinOut(GatheringOut.of(g), MemberOut.of(member))))
        .as(tx::transactional);
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
            ? events.occurred(
                caller,
                "participant.left",
                g.id(),
                MemberAdmission.presence(left.participantId(), g))
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

  static <T> Mono<Optional<T>> optional(Mono<T> mono) {
    return mono.map(Optional::of).defaultIfEmpty(Optional.empty());
  }
}
