package dev.herald.storage.gatherings;

import java.time.Instant;

/**
 * An invitation to a gathering, of a known participant and/or an email address. {@code emailStatus}
 * is for the email sender ({@code pending} until it has tried); {@code token} is the unguessable
 * secret of the email link that answers it.
 */
public record Invitation(
    String projectId,
    String id,
    String gatheringId,
    String participantId,
    String email,
    InvitationStatus status,
    String emailStatus,
    String token,
    Instant createdAt,
    Instant updatedAt,
    Instant respondedAt) {}
