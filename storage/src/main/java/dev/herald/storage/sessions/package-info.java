/** Sessions started by gatherings: {@code active → ended}, linked to their gathering and room. */
package dev.herald.storage.sessions;
