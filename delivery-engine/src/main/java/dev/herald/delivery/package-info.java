/**
 * The delivery engine: getting events to subscribers. Its settings are {@link WebhookProperties}.
 */
package dev.herald.delivery;
