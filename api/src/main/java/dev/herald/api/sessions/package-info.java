/**
 * {@code /v1/sessions}: the sessions gatherings start, read-only over HTTP; {@link
 * dev.herald.api.sessions.SessionLifecycle} creates and ends them (with {@code session.created} and
 * {@code session.updated}) inside the gathering's transaction.
 */
package dev.herald.api.sessions;
