package dev.herald.api.gatherings;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.storage.gatherings.Invitation;
import java.time.Instant;

/**
 * An invitation as returned; {@code token} (for the email link) only in API responses, never in
 * events or watch streams.
 */
record InvitationOut(
    String id,
    String gatheringId,
    String participantId,
    String email,
    String status,
    String emailStatus,
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
        out.createdAt,
        out.updatedAt,
        out.respondedAt,
        null);
  }
}
