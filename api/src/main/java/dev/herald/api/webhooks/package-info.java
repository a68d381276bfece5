/** {@code /v1/webhooks}: webhook subscriptions, their secrets and test sends. */
package dev.herald.api.webhooks;
