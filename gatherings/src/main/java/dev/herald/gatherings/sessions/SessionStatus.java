package dev.herald.gatherings.sessions;

import java.util.Locale;

/** Where a session stands: {@code active → ended}. */
public enum SessionStatus {
  ACTIVE,
  ENDED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SessionStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether a session may move from this status to {@code next}. */
  public boolean canMoveTo(SessionStatus next) {
    return this == ACTIVE && next == ENDED;
  }
}
