/**
 * {@code /v1/sessions}: the sessions gatherings start ({@code active → ended}, linked to their
 * gathering and room), read-only over HTTP; {@link dev.herald.gatherings.sessions.SessionLifecycle}
 * creates and ends them (with {@code session.created} and {@code session.updated}) inside the
 * gathering's transaction.
 */
package dev.herald.gatherings.sessions;
