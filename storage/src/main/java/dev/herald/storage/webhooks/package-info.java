/** Webhook subscriptions: URL, event type patterns, headers, metadata and signing secret. */
package dev.herald.storage.webhooks;
