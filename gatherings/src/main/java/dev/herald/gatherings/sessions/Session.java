package dev.herald.gatherings.sessions;

import java.time.Instant;

/** A session as stored, created when a gathering starts. */
public record Session(
    String projectId,
    String id,
    String gatheringId,
    String roomId,
    SessionStatus status,
    Instant createdAt,
    Instant updatedAt,
    Instant endedAt) {}
