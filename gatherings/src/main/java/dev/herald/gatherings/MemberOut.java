package dev.herald.gatherings;

import dev.herald.gatherings.domain.Member;
import java.time.Instant;

/** A member as returned, in watch snapshots, and as the data of member events. */
record MemberOut(
    String gatheringId,
    String participantId,
    String role,
    String state,
    Instant presentSince,
    Instant createdAt,
    Instant updatedAt) {

  static MemberOut of(Member m) {
    return new MemberOut(
        m.gatheringId(),
        m.participantId(),
        m.role().wireName(),
        m.state().wireName(),
        m.presentSince(),
        m.createdAt(),
        m.updatedAt());
  }
}
