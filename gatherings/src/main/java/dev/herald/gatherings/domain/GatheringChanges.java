package dev.herald.gatherings.domain;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A gathering's new editable fields, all given (the caller merges a patch into the current row).
 */
public record GatheringChanges(
    String name,
    JsonNode metadata,
    Integer maxMembers,
    Instant startsAt,
    Instant endsAt,
    boolean autoStartSession,
    String visibility) {}
