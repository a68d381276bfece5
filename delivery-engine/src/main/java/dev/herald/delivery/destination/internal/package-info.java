/**
 * The rules behind {@link dev.herald.delivery.destination.DestinationPolicy}: which addresses are
 * not public, and which host spellings are ambiguous, read from bytes and strings alone; they know
 * nothing of the package above them (whose address guard and resolver apply them).
 */
package dev.herald.delivery.destination.internal;
