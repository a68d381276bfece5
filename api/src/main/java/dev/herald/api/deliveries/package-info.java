/** {@code /v1/deliveries}: the delivery log, attempts and manual retries. */
package dev.herald.api.deliveries;
