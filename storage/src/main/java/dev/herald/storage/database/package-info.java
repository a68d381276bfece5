/**
 * Where the database is: parsing {@code HERALD_DATABASE_URL}, and the embedded PostgreSQL that
 * Herald starts by itself when nothing is configured.
 */
package dev.herald.storage.database;
