/**
 * Dispatch: claiming due deliveries, sending signed requests, recording attempts, moving the
 * delivery state machine and announcing each move as {@code webhook.delivery.updated}.
 */
package dev.herald.delivery.dispatch;
