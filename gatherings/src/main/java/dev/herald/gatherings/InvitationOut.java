package dev.herald.gatherings;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.gatherings.domain.Invitation;
import java.time.Instant;

/**
 * An invitation as returned, with the state of its latest email ({@code emailStatus} {@code none |
 * queued | sent | failed}, the last error, the attempts so far, when an email last went out);
 * {@code token} (for the email link) only in API responses, never in events or watch streams.
 */
record InvitationOut(
    String id,
    String gatheringId,
    String participantId,
    String email,
    String status,
    String emailStatus,
    String emailError,
    int emailAttempts,
    Instant emailSentAt,
    Instant createdAt,
    Instant updatedAt,
    Instant respondedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

  static InvitationOut of(Invitation i) {
    return new InvitationOut(
        i.id(),
        i.gatheringId(),
        i.participantId(),
        i.email(),
        i.status().wireName(),
        i.emailStatus(),
        i.emailError(),
        i.emailAttempts(),
        i.emailSentAt(),
        i.createdAt(),
        i.updatedAt(),
        i.respondedAt(),
        i.token());
  }

  /** Without the token: for events and watch streams. */
  static InvitationOut withoutToken(Invitation i) {
    InvitationOut out = of(i);
    return new InvitationOut(
        out.id,
        out.gatheringId,
        out.participantId,
        out.email,
        out.status,
        out.emailStatus,
        out.emailError,
        out.emailAttempts,
        out.emailSentAt,
        out.createdAt,
        out.updatedAt,
        out.respondedAt,
        null);
  }
}
