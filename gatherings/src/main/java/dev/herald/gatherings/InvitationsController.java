package dev.herald.gatherings;

import dev.herald.gatherings.domain.InvitationStatus;
import dev.herald.gatherings.participants.EmailAddresses;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ListOut;
import dev.herald.web.Violations;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Invitations: {@code /v1/gatherings/{id}/invitations} to invite and list, {@code …/send} to invite
 * and (re-)send their emails, {@code /v1/invitations/{id}/accept|decline} and {@code
 * /v1/invitations/accept|decline} (by token) to answer.
 */
@RestController
class InvitationsController {

  static final int MAX_INVITEES = 100;

  private final InvitationService invitations;

  InvitationsController(InvitationService invitations) {
    this.invitations = invitations;
  }

  @PostMapping("/v1/gatherings/{gatheringId}/invitations")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ListOut<InvitationOut>> invite(
      ProjectRef caller, @PathVariable String gatheringId, @RequestBody InvitationIn in) {
    InvitationIn valid = validate(in);
    return invitations
        .invite(caller, gatheringId, valid.participantIds(), valid.emails(), false)
        .map(list -> ListOut.all(list));
  }

  /**
   * Invites and emails in one call (the SDK's {@code sendInvitations}): new invitees are invited,
   * and the email of an existing invitation is queued again. 202: the emails are on their way.
   */
  @PostMapping("/v1/gatherings/{gatheringId}/invitations/send")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<ListOut<InvitationOut>> send(
      ProjectRef caller, @PathVariable String gatheringId, @RequestBody InvitationIn in) {
    InvitationIn valid = validate(in);
    return invitations
        .invite(caller, gatheringId, valid.participantIds(), valid.emails(), true)
        .map(list -> ListOut.all(list));
  }

  private static InvitationIn validate(InvitationIn in) {
    List<String> ids = in.participantIds() == null ? List.of() : in.participantIds();
    List<String> emails = in.emails() == null ? List.of() : in.emails();
    Violations violations = new Violations();
    violations.check(
        !ids.isEmpty() || !emails.isEmpty(),
        "participantIds",
        "give participantIds and/or emails to invite");
    violations.check(
        ids.size() <= MAX_INVITEES, "participantIds", "at most " + MAX_INVITEES + " at once");
    violations.check(
        emails.size() <= MAX_INVITEES, "emails", "at most " + MAX_INVITEES + " at once");
    for (int i = 0; i < ids.size(); i++) {
      violations.check(
          ids.get(i) != null && !ids.get(i).isBlank(),
          "participantIds[" + i + "]",
          "must be a participant id");
    }
    for (int i = 0; i < emails.size(); i++) {
      violations.check(
          EmailAddresses.isValid(emails.get(i)), "emails[" + i + "]", "is not an email address");
    }
    violations.throwIfAny();
    return new InvitationIn(ids, emails);
  }

  @GetMapping("/v1/gatherings/{gatheringId}/invitations")
  Mono<ListOut<InvitationOut>> list(ProjectRef caller, @PathVariable String gatheringId) {
    return invitations.list(caller, gatheringId).map(ListOut::all);
  }

  @PostMapping("/v1/invitations/{invitationId}/accept")
  Mono<InvitationOut> accept(ProjectRef caller, @PathVariable String invitationId) {
    return invitations.answerById(caller, invitationId, InvitationStatus.ACCEPTED);
  }

  @PostMapping("/v1/invitations/{invitationId}/decline")
  Mono<InvitationOut> decline(ProjectRef caller, @PathVariable String invitationId) {
    return invitations.answerById(caller, invitationId, InvitationStatus.DECLINED);
  }

  @PostMapping("/v1/invitations/accept")
  Mono<InvitationOut> acceptByToken(ProjectRef caller, @RequestBody TokenIn in) {
    return invitations.answerByToken(caller, token(in), InvitationStatus.ACCEPTED);
  }

  @PostMapping("/v1/invitations/decline")
  Mono<InvitationOut> declineByToken(ProjectRef caller, @RequestBody TokenIn in) {
    return invitations.answerByToken(caller, token(in), InvitationStatus.DECLINED);
  }

  private static String token(TokenIn in) {
    new Violations()
        .check(
            in.token() != null && !in.token().isBlank() && in.token().length() <= 200,
            "token",
            "is required")
        .throwIfAny();
    return in.token();
  }
}
