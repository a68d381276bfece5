package dev.herald.gatherings.participants;

import tools.jackson.databind.JsonNode;

/** A partial update ({@code PATCH /v1/participants/{id}}): absent fields stay as they are. */
record ParticipantPatch(String displayName, String email, JsonNode userData) {}
