package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A gathering as returned, and as the data of {@code gathering.*} lifecycle events. */
record GatheringOut(
    String id,
    String name,
    String type,
    String status,
    String joinCode,
    JsonNode metadata,
    Integer maxMembers,
    String createdBy,
    Instant startsAt,
    Instant endsAt,
    boolean autoStartSession,
    String visibility,
    String roomId,
    String sessionId,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant endedAt) {

  static GatheringOut of(Gathering g) {
    return new GatheringOut(
        g.id(),
        g.name(),
        g.type().wireName(),
        g.status().wireName(),
        JoinCodes.display(g.joinCode()),
        g.metadata(),
        g.maxMembers(),
        g.createdBy(),
        g.startsAt(),
        g.endsAt(),
        g.autoStartSession(),
        g.visibility(),
        g.roomId(),
        g.sessionId(),
        g.createdAt(),
        g.updatedAt(),
        g.startedAt(),
        g.endedAt());
  }
}
