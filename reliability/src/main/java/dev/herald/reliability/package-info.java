/**
 * The crash drill: Herald's packaged jar, published to steadily and delivering to three loopback
 * receivers (healthy, slow, failing then recovering), is killed with {@code kill -9} at random
 * moments (alone, or with its embedded PostgreSQL) and restarted each time; the drill reports
 * whether every restart came up at the first try and whether every acknowledged event reached every
 * endpoint, and how many arrived twice.
 */
package dev.herald.reliability;
