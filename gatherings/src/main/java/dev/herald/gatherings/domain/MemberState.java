package dev.herald.gatherings.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a member stands: {@code invited → joined → ready → left} (a joined member may also leave
 * without being ready), and a member who left may join again.
 */
public enum MemberState {
  INVITED,
  JOINED,
  READY,
  LEFT;

  /**
   * The states {@link #isPresent} counts, as an SQL list ({@code ('joined', 'ready')}), so the
   * repositories' queries say "present" the way this enum does.
   */
  public static final String PRESENT_SQL =
      Arrays.stream(values())
          .filter(MemberState::isPresent)
          .map(state -> "'" + state.wireName() + "'")
          .collect(Collectors.joining(", ", "(", ")"));

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
