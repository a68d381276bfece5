package dev.herald.gatherings;

/**
 * The optional body of {@code start}, {@code end} and {@code cancel}: who acts (when given, only
 * the owner may) and, for {@code start}, the room of the session.
 */
record LifecycleIn(String participantId, String roomId) {}
