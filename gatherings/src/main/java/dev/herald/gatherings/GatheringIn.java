package dev.herald.gatherings;

import tools.jackson.databind.JsonNode;

/**
 * A new gathering ({@code POST /v1/gatherings}); times are ISO-8601 strings, checked by {@link
 * GatheringValidation} so a bad one is a field error.
 */
record GatheringIn(
    String name,
    String type,
    JsonNode metadata,
    Integer maxMembers,
    String createdBy,
    String startsAt,
    String endsAt,
    Boolean autoStartSession,
    String visibility) {}
