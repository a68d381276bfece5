/**
 * Gatherings as stored: the gathering row with its type, status and normalized join code, its
 * members (who is in it now, with role and state) and its invitations (who was invited, the source
 * of truth for reaching people by email). The legal moves of every state live on the enums here, so
 * each state machine reads in one place.
 */
package dev.herald.storage.gatherings;
