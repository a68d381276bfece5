/** The fan-out: from the event log to one delivery per matching webhook, exactly once. */
package dev.herald.delivery.fanout;
