/** The Herald application: wires storage and the delivery engine behind the /v1 HTTP API. */
package dev.herald.api;
