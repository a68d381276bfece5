/** Standard Webhooks signing: secrets and the {@code webhook-signature} header. */
package dev.herald.delivery.signing;
