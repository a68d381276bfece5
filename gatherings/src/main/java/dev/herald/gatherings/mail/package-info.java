/**
 * Invitation email: the branded message with, for appointments, an iCalendar invite (iTIP REQUEST
 * or CANCEL over iMIP), built from the outbox of invitation emails and sent by a worker over SMTP
 * ({@code spring.mail.*}) or, with no SMTP server configured, written to the log. Sending is
 * best-effort: a slow, failing or refusing server never blocks the API, and each recipient gets a
 * message of their own. {@link dev.herald.gatherings.mail.InvitationEmails} is what other features
 * use to queue an email in their own transaction.
 */
package dev.herald.gatherings.mail;
