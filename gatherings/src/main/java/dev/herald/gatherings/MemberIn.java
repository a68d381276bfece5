package dev.herald.gatherings;

/** Adds a participant to a gathering ({@code POST /v1/gatherings/{id}/members}). */
record MemberIn(String participantId) {}
