package dev.herald.gatherings;

/** Joins by code ({@code POST /v1/gatherings/join}). */
record JoinIn(String joinCode, String participantId) {}
