/** The retry schedule of failed deliveries. */
package dev.herald.delivery.retry;
