package dev.herald.gatherings.participants;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A participant as stored; {@code id} is chosen by the project and unique within it. */
public record Participant(
    String projectId,
    String id,
    String displayName,
    String email,
    JsonNode userData,
    Instant createdAt,
    Instant updatedAt) {}
