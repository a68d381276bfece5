/** Writing many small things together: group commit. */
package dev.herald.storage.batching;
