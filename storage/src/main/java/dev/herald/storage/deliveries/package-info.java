/**
 * Deliveries and their attempts: the persisted queue the dispatchers claim from, with the retry
 * state that survives restarts.
 */
package dev.herald.storage.deliveries;
