package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.Invitation;
import dev.herald.gatherings.domain.InvitationRepository;
import dev.herald.gatherings.domain.InvitationStatus;
import dev.herald.gatherings.domain.MemberRepository;
import dev.herald.gatherings.domain.MemberRole;
import dev.herald.gatherings.domain.MemberState;
import dev.herald.gatherings.mail.InvitationEmails;
import dev.herald.gatherings.participants.Participant;
import dev.herald.gatherings.participants.ParticipantRepository;
import dev.herald.storage.ids.Ids;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.Violations;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Invitations: sending (deduplicated per participant and per address; a known participant also
 * becomes an {@code invited} member) and answering by id or by the email link's token, each with
 * its {@code gathering.invitation.*} event in one transaction.
 */
@Service
class InvitationService {

  static final int TOKEN_BYTES = 24;

  private final GatheringRepository gatherings;
  private final InvitationRepository invitations;
  private final MemberRepository members;
  private final ParticipantRepository participants;
  private final GatheringEvents events;
  private final InvitationEmails mail;
  private final TransactionalOperator tx;

  InvitationService(
      GatheringRepository gatherings,
      InvitationRepository invitations,
      MemberRepository members,
      ParticipantRepository participants,
      GatheringEvents events,
      InvitationEmails mail,
      TransactionalOperator tx) {
    this.gatherings = gatherings;
    this.invitations = invitations;
    this.members = members;
    this.participants = participants;
    this.events = events;
    this.mail = mail;
    this.tx = tx;
  }

  /**
   * Invites participants and addresses, queueing each new invitation's email in the same
   * transaction; an invitee already invited gets the existing one back, its email queued again when
   * {@code resend}.
   */
  Mono<List<InvitationOut>> invite(
      ProjectRef caller,
      String gatheringId,
      List<String> participantIds,
      List<String> emails,
      boolean resend) {
    String projectId = caller.projectId();
    return gatherings
        .lock(projectId, gatheringId)
        .switchIfEmpty(Mono.error(ApiException.notFound("gathering", gatheringId)))
        .flatMap(
            g -> {
              if (g.status().isFinal()) {
                return Mono.error(
                    ApiException.conflict("Gathering " + g.id() + " is " + g.status().wireName()));
              }
              return known(projectId, participantIds)
                  .flatMap(
                      people ->
                          Flux.fromIterable(people)
                              .<Invitation>concatMap(p -> inviteParticipant(caller, g, p, resend))
                              .concatWith(
                                  Flux.fromIterable(emails)
                                      .map(String::trim)
                                      .distinct(e -> e.toLowerCase(Locale.ROOT))
                                      .concatMap(e -> inviteOne(caller, g, null, e, resend)))
                              .map(InvitationOut::of)
                              .distinct(InvitationOut::id)
                              .collectList());
            })
        .as(tx::transactional);
  }

  private Mono<List<Participant>> known(String projectId, List<String> ids) {
    List<String> distinct = ids.stream().distinct().toList();
    return Flux.fromIterable(distinct)
        .concatMap(id -> MemberService.optional(participants.find(projectId, id)))
        .collectList()
        .flatMap(
            found -> {
              Violations unknown = new Violations();
              for (int i = 0; i < found.size(); i++) {
                if (found.get(i).isEmpty()) {
                  unknown.add(
                      "participantIds[" + ids.indexOf(distinct.get(i)) + "]",
                      "no participant " + distinct.get(i) + " in this project");
                }
              }
              if (unknown.exception().isPresent()) {
                return Mono.error(unknown.exception().get());
              }
              return Mono.just(found.stream().map(Optional::get).toList());
            });
  }

  private Mono<Invitation> inviteParticipant(
      ProjectRef caller, Gathering g, Participant p, boolean resend) {
    Mono<Void> invitedMember =
        members
            .find(caller.projectId(), g.id(), p.id())
            .map(existing -> true)
            .switchIfEmpty(
                members
                    .insert(
                        caller.projectId(), g.id(), p.id(), MemberRole.MEMBER, MemberState.INVITED)
                    .thenReturn(true))
            .then();
    return inviteOne(caller, g, p.id(), p.email(), resend)
        .flatMap(inv -> invitedMember.thenReturn(inv));
  }

  private Mono<Invitation> inviteOne(
      ProjectRef caller, Gathering g, String participantId, String email, boolean resend) {
    String projectId = caller.projectId();
    Mono<Invitation> existing = invitations.findExisting(projectId, g.id(), participantId, email);
    Mono<Invitation> again =
        existing.flatMap(
            inv ->
                resend && inv.email() != null
                    ? mail.queueInvitation(projectId, inv.id())
                        .then(invitations.find(projectId, inv.id()))
                    : Mono.just(inv));
    Mono<Invitation> fresh =
        invitations
            .insert(
                projectId,
                Ids.newId("inv"),
                g.id(),
                participantId,
                email,
                Ids.randomToken(TOKEN_BYTES))
            .flatMap(
                inv ->
                    (inv.email() == null
                            ? Mono.<Void>empty()
                            : mail.queueInvitation(projectId, inv.id()))
                        .then(
                            events.occurred(
                                caller,
                                "gathering.invitation.sent",
                                g.id(),
                                InvitationOut.withoutToken(inv)))
                        .thenReturn(inv))
            // a concurrent equal invitation won the unique index: return that one
            .switchIfEmpty(Mono.defer(() -> existing));
    return again.switchIfEmpty(Mono.defer(() -> fresh));
  }

  Mono<InvitationOut> answerById(ProjectRef caller, String id, InvitationStatus answer) {
    return answer(
        caller,
        invitations
            .find(caller.projectId(), id)
            .switchIfEmpty(Mono.error(ApiException.notFound("invitation", id))),
        answer);
  }

  /** An invitation found by its email link's token, with its gathering's name. */
  record TokenInvitation(Invitation invitation, String gatheringName) {}

  Mono<TokenInvitation> describeByToken(ProjectRef caller, String token) {
    return byToken(caller, token)
        .flatMap(
            inv ->
                gatherings
                    .find(caller.projectId(), inv.gatheringId())
                    .map(g -> new TokenInvitation(inv, g.name())));
  }

  Mono<InvitationOut> answerByToken(ProjectRef caller, String token, InvitationStatus answer) {
    return answer(caller, byToken(caller, token), answer);
  }

  private Mono<Invitation> byToken(ProjectRef caller, String token) {
    return invitations
        .findByToken(caller.projectId(), token)
        .switchIfEmpty(
            Mono.error(
                new ApiException(
                    HttpStatus.NOT_FOUND,
                    "not_found",
                    "No invitation with this token in this project")));
  }

  private Mono<InvitationOut> answer(
      ProjectRef caller, Mono<Invitation> invitation, InvitationStatus answer) {
    String projectId = caller.projectId();
    return invitation
        .flatMap(
            inv ->
                gatherings
                    .lock(projectId, inv.gatheringId())
                    .flatMap(
                        g -> {
                          if (!inv.status().canMoveTo(answer)) {
                            return Mono.error(
                                ApiException.conflict(
                                    "Invitation "
                                        + inv.id()
                                        + " is already "
                                        + inv.status().wireName()));
                          }
                          if (answer == InvitationStatus.ACCEPTED && g.status().isFinal()) {
                            return Mono.error(
                                ApiException.conflict(
                                    "Gathering " + g.id() + " is " + g.status().wireName()));
                          }
                          return invitations
                              .answer(projectId, inv.id(), answer)
                              .switchIfEmpty(
                                  Mono.error(
                                      ApiException.conflict(
                                          "Invitation " + inv.id() + " was answered meanwhile")))
                              .flatMap(
                                  answered ->
                                      events
                                          .occurred(
                                              caller,
                                              "gathering.invitation." + answer.wireName(),
                                              g.id(),
                                              InvitationOut.withoutToken(answered))
                                          .thenReturn(InvitationOut.of(answered)));
                        }))
        .as(tx::transactional);
  }

  Mono<List<InvitationOut>> list(ProjectRef caller, String gatheringId) {
    return gatherings
        .find(caller.projectId(), gatheringId)
        .switchIfEmpty(Mono.error(ApiException.notFound("gathering", gatheringId)))
        .thenMany(invitations.list(caller.projectId(), gatheringId))
        .map(InvitationOut::of)
        .collectList();
  }
}
