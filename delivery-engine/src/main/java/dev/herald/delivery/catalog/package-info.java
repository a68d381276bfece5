/** The event catalog: every event type with its action and its publisher. */
package dev.herald.delivery.catalog;
