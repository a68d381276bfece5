package dev.herald.gatherings.domain;

import java.time.Instant;

/**
 * A participant's membership of a gathering; {@code presentSince} is when they last joined (null
 * while invited), so the member present longest is the one with the earliest.
 */
public record Member(
    String projectId,
    String gatheringId,
    String participantId,
    MemberRole role,
    MemberState state,
    Instant presentSince,
    Instant createdAt,
    Instant updatedAt) {}
