/**
 * The domain event log: the envelope ({@link dev.herald.storage.events.DomainEvent}), appending
 * inside a feature's transaction, reading in an order that never skips a late commit, and the
 * signals that wake readers when events are committed.
 */
package dev.herald.storage.events;
