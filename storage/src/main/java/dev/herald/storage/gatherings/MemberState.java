package dev.herald.storage.gatherings;

import java.util.Locale;

/**
 * Where a member stands: {@code invited → joined → ready → left} (a joined member may also leave
 * without being ready), and a member who left may join again.
 */
public enum MemberState {
  INVITED,
  JOINED,
  READY,
  LEFT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MemberState fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether a member may move from this state to {@code next}. */
  public boolean canMoveTo(MemberState next) {
    return switch (this) {
      case INVITED -> next == JOINED;
      case JOINED -> next == READY || next == LEFT;
      case READY -> next == LEFT;
      case LEFT -> next == JOINED;
    };
  }

  /** Whether the member is in the gathering now (and counts against its capacity). */
  public boolean isPresent() {
    return this == JOINED || this == READY;
  }
}
