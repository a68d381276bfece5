/**
 * Secrets at rest: webhook signing secrets and private keys are stored encrypted (AES-256-GCM)
 * under a key that is not in the database ({@code HERALD_SECRETS_KEY}, or a key file in {@code
 * HERALD_DATA_DIR}), so a copy of the database alone signs nothing.
 */
package dev.herald.storage.secrets;
