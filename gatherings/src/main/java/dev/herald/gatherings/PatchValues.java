package dev.herald.gatherings;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** A validated patch of a gathering, with parsed times. */
record PatchValues(
    String name,
    JsonNode metadata,
    Integer maxMembers,
    Instant startsAt,
    Instant endsAt,
    Boolean autoStartSession,
    String visibility) {}
