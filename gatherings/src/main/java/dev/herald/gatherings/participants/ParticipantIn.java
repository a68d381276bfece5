package dev.herald.gatherings.participants;

import tools.jackson.databind.JsonNode;

/** A new participant ({@code POST /v1/participants}). */
record ParticipantIn(String id, String displayName, String email, JsonNode userData) {}
