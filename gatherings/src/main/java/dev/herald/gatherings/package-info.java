/**
 * {@code /v1/gatherings}: lobbies, appointments and open spaces with their lifecycle, join codes,
 * members, invitations and live watch streams. Every state change is written with its {@code
 * gathering.*} (and {@code participant.joined/left}, {@code session.*}) events in one R2DBC
 * transaction; appointments with {@code autoStartSession} are started and ended by clustered Quartz
 * triggers.
 */
package dev.herald.gatherings;
