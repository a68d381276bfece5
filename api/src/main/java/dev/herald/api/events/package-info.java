/**
 * The event API: publishing catalog events owned by other services, reading the log, the catalog,
 * and the live SSE stream.
 */
package dev.herald.api.events;
