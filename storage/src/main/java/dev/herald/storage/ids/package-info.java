/** Prefixed, time-ordered identifiers and random tokens. */
package dev.herald.storage.ids;
