/**
 * The long-lived streams' limits, shared by the SSE event stream and the gathering watch streams:
 * slots per key and per project on each instance, closed when their key is revoked ({@code
 * herald.events.stream.*}).
 */
package dev.herald.web.streams;
