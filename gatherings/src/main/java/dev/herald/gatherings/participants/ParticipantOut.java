package dev.herald.gatherings.participants;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A participant as returned, and as the data of {@code participant.*} events. */
record ParticipantOut(
    String id,
    String displayName,
    String email,
    JsonNode userData,
    Instant createdAt,
    Instant updatedAt) {

  static ParticipantOut of(Participant p) {
    return new ParticipantOut(
        p.id(), p.displayName(), p.email(), p.userData(), p.createdAt(), p.updatedAt());
  }
}
