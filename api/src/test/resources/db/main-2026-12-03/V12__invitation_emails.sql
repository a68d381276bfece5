-- Invitation email: an outbox of emails to send, written in the transaction that invites (or
-- reschedules or cancels), sent by a worker with retries. The invitation keeps the state of its
-- latest email (email_status none|queued|sent|failed, email_error, email_attempts).

-- The iCalendar SEQUENCE of an appointment: 0, then one more on every reschedule and on cancel.
ALTER TABLE gatherings ADD COLUMN calendar_sequence integer NOT NULL DEFAULT 0;

ALTER TABLE gathering_invitations
    ADD COLUMN email_error    text,
    ADD COLUMN email_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN email_sent_at  timestamptz;
-- before V12 nothing was ever sent: 'pending' meant "no email yet"
UPDATE gathering_invitations SET email_status = 'none' WHERE email_status = 'pending';

-- One row per email to send: kind request (the invitation, or an update) or cancel; status
-- queued -> sent | failed, or superseded when a newer email of the same invitation was queued
-- before this one went out. locked_until is the lease of the worker sending it.
CREATE TABLE invitation_emails (
    project_id       text NOT NULL,
    id               text NOT NULL,
    invitation_id    text NOT NULL,
    kind             text NOT NULL,
    sequence         integer NOT NULL,
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    locked_until     timestamptz,
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, invitation_id)
        REFERENCES gathering_invitations (project_id, id) ON DELETE CASCADE
);
CREATE INDEX invitation_emails_due_idx ON invitation_emails (next_attempt_at)
    WHERE status = 'queued';
CREATE INDEX invitation_emails_invitation_idx
    ON invitation_emails (project_id, invitation_id, created_at);
