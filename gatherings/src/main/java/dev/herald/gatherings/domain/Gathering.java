package dev.herald.gatherings.domain;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A gathering as stored. {@code joinCode} is normalized (8 characters, no hyphen); type-specific
 * fields are null where they do not apply ({@code startsAt}/{@code endsAt} for appointments, {@code
 * visibility} for open gatherings).
 */
public record Gathering(
    String projectId,
    String id,
    String name,
    GatheringType type,
    GatheringStatus status,
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

  /** This gathering with another (normalized) join code. */
  public Gathering withJoinCode(String joinCode) {
    return new Gathering(
        projectId,
        id,
        name,
        type,
        status,
        joinCode,
        metadata,
        maxMembers,
        createdBy,
        startsAt,
        endsAt,
        autoStartSession,
        visibility,
        roomId,
        sessionId,
        createdAt,
        updatedAt,
        startedAt,
        endedAt);
  }
}
