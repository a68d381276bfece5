package dev.herald.gatherings;

import java.util.List;

/**
 * Invites people ({@code POST /v1/gatherings/{id}/invitations}): known participants (reached at
 * their email) and/or raw email addresses of invitees who never sign in.
 */
record InvitationIn(List<String> participantIds, List<String> emails) {}
