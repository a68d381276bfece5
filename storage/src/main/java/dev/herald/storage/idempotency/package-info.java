/** Idempotency keys: a repeated create request returns what the first one created. */
package dev.herald.storage.idempotency;
