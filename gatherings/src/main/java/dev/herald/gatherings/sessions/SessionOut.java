package dev.herald.gatherings.sessions;

import java.time.Instant;

/** A session as returned, and as the data of {@code session.*} events. */
record SessionOut(
    String id,
    String gatheringId,
    String roomId,
    String status,
    Instant createdAt,
    Instant updatedAt,
    Instant endedAt) {

  static SessionOut of(Session s) {
    return new SessionOut(
        s.id(),
        s.gatheringId(),
        s.roomId(),
        s.status().wireName(),
        s.createdAt(),
        s.updatedAt(),
        s.endedAt());
  }
}
