package dev.herald.gatherings.mail;

import dev.herald.gatherings.domain.EmailKind;
import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.GatheringType;
import dev.herald.gatherings.domain.Invitation;
import dev.herald.gatherings.domain.InvitationEmail;
import dev.herald.gatherings.domain.InvitationRepository;
import dev.herald.gatherings.participants.ParticipantRepository;
import dev.herald.storage.projects.ProjectRepository;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;

/**
 * Turns a queued email into a message: loads what it speaks of (the invitation, its gathering as it
 * is now, the project's name, the invitee's display name; all within the email's project) and
 * composes it, with the calendar invite for appointments.
 */
@Component
class InvitationMails {

  /** Where an invitation is answered from an email link (no API key needed, only the token). */
  static final String ANSWER_PATH = InvitationEmails.ANSWER_PATH;

  private final InvitationRepository invitations;
  private final GatheringRepository gatherings;
  private final ParticipantRepository participants;
  private final ProjectRepository projects;
  private final InvitationMailProperties properties;
  private final InternetAddress from;
  private final InternetAddress organizer;
  private final String host;

  InvitationMails(
      InvitationRepository invitations,
      GatheringRepository gatherings,
      ParticipantRepository participants,
      ProjectRepository projects,
      InvitationMailProperties properties)
      throws AddressException {
    this.invitations = invitations;
    this.gatherings = gatherings;
    this.participants = participants;
    this.projects = projects;
    this.properties = properties;
    this.from = new InternetAddress(properties.from(), true);
    this.organizer = new InternetAddress(properties.organizerOrFrom(), true);
    String configured = properties.publicBaseUrl().getHost();
    this.host = configured == null ? "localhost" : configured;
  }

  /** An email with everything it speaks of. */
  record Mail(
      InvitationEmail email,
      Invitation invitation,
      Gathering gathering,
      String projectName,
      String attendeeName) {}

  /** The email's invitation and gathering; empty if the invitation no longer exists. */
  Mono<Mail> load(InvitationEmail email) {
    String projectId = email.projectId();
    return invitations
        .find(projectId, email.invitationId())
        .flatMap(
            invitation ->
                Mono.zip(
                        gatherings.find(projectId, invitation.gatheringId()),
                        projects.name(projectId).defaultIfEmpty("Herald"),
                        attendeeName(invitation))
                    .map(
                        found ->
                            new Mail(
                                email, invitation, found.getT1(), found.getT2(), found.getT3())));
  }

  private Mono<String> attendeeName(Invitation invitation) {
    if (invitation.participantId() == null) {
      return Mono.just("");
    }
    return participants
        .find(invitation.projectId(), invitation.participantId())
        .map(p -> p.displayName() == null ? "" : p.displayName())
        .defaultIfEmpty("");
  }

  /** Fills {@code message} with the email for its one recipient. */
  void compose(MimeMessage message, Mail mail, Instant now) throws MessagingException {
    Invitation invitation = mail.invitation();
    if (invitation.email() == null) {
      throw new MessagingException("the invitation has no email address");
    }
    Gathering g = mail.gathering();
    InvitationEmail email = mail.email();
    CalendarInvite.Mailbox recipient =
        new CalendarInvite.Mailbox(
            mail.attendeeName().isBlank() ? null : mail.attendeeName(), invitation.email());
    InvitationContent content =
        InvitationContent.of(
            mail.projectName(),
            g,
            email.kind(),
            email.sequence(),
            recipient,
            new InvitationContent.Links(link(invitation, "accept"), link(invitation, "decline")));
    CalendarInvite calendar =
        g.type() != GatheringType.APPOINTMENT
            ? null
            : new CalendarInvite(
                uid(g),
                email.sequence(),
                email.kind() == EmailKind.CANCEL,
                g.startsAt(),
                g.endsAt(),
                g.name(),
                content.description(),
                new CalendarInvite.Mailbox(
                    organizer.getPersonal() == null ? mail.projectName() : organizer.getPersonal(),
                    organizer.getAddress()),
                recipient,
                now);
    InvitationMessage.fill(
        message, from, content, calendar, "<" + email.id() + "@" + host + ">", now);
  }

  /** The calendar UID of a gathering: the same for its invitation, every update and the cancel. */
  String uid(Gathering g) {
    return g.id() + "@" + host;
  }

  private String link(Invitation invitation, String answer) {
    String base = properties.publicBaseUrl().toString().replaceAll("/+$", "");
    return base
        + ANSWER_PATH
            .replace("{projectId}", UriUtils.encodePathSegment(invitation.projectId(), "UTF-8"))
            .replace("{token}", UriUtils.encodePathSegment(invitation.token(), "UTF-8"))
            .replace("{answer}", answer);
  }
}
