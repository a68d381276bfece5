/** Event type patterns: exact names, domain wildcards and {@code *}. */
package dev.herald.delivery.matching;
