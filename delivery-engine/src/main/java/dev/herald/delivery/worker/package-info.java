/** The background-worker loop shared by the fan-out and the dispatcher. */
package dev.herald.delivery.worker;
