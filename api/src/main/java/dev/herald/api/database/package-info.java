/**
 * How Herald tells its callers that the database is away: a readiness check with a time limit, so a
 * frozen PostgreSQL makes the instance not ready within seconds (and live all the same).
 */
package dev.herald.api.database;
