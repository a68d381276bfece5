/**
 * The machinery behind {@link dev.herald.delivery.destination.DestinationPolicy}: address rules,
 * host spellings, and the guarded address resolver of the webhook HTTP client.
 */
package dev.herald.delivery.destination.internal;
