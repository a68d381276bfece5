package dev.herald.gatherings;

import tools.jackson.databind.JsonNode;

/** A partial update ({@code PATCH /v1/gatherings/{id}}): absent fields stay as they are. */
record GatheringPatch(
    String name,
    JsonNode metadata,
    Integer maxMembers,
    String startsAt,
    String endsAt,
    Boolean autoStartSession,
    String visibility) {}
