package dev.herald.gatherings;

/**
 * A member's move ({@code PATCH /v1/gatherings/{id}/members/{participantId}}): {@code state} {@code
 * ready} (lobbies only) or {@code left}.
 */
record MemberPatch(String state) {}
