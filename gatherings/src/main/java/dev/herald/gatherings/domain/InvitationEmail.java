package dev.herald.gatherings.domain;

import java.time.Instant;

/**
 * One email of an invitation in the outbox, with the calendar {@code sequence} it was queued at and
 * its attempts so far.
 */
public record InvitationEmail(
    String projectId,
    String id,
    String invitationId,
    EmailKind kind,
    int sequence,
    EmailStatus status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant sentAt,
    Instant createdAt) {}
