package dev.herald.gatherings.domain;

import java.time.Instant;

/**
 * An invitation to a gathering, of a known participant and/or an email address. {@code emailStatus}
 * is the state of its latest email ({@code none | queued | sent | failed}, see {@link
 * EmailStatus}), with that email's last error and attempts so far; {@code token} is the unguessable
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
    String emailError,
    int emailAttempts,
    Instant emailSentAt,
    String token,
    Instant createdAt,
    Instant updatedAt,
    Instant respondedAt) {}
