/**
 * Gatherings as stored, and the rules of the domain: the gathering row with its type, status and
 * normalized join code, its members (who is in it now, with role and state) and its invitations
 * (who was invited, the source of truth for reaching people by email), with their repositories and
 * SQL. The legal moves of every state live on the enums here ({@link
 * dev.herald.gatherings.domain.GatheringStatus#admitsJoins}, {@link
 * dev.herald.gatherings.domain.MemberState#isPresent}), so each state machine reads in one place.
 */
package dev.herald.gatherings.domain;
