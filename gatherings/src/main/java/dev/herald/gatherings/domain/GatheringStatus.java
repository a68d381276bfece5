package dev.herald.gatherings.domain;

import java.util.Locale;

/**
 * Where a gathering stands. Lobbies go {@code waiting → started → ended}, appointments {@code
 * scheduled → started → ended}, both may be {@code cancelled} before they start; open gatherings go
 * {@code active → ended}.
 */
public enum GatheringStatus {
  WAITING,
  SCHEDULED,
  ACTIVE,
  STARTED,
  ENDED,
  CANCELLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GatheringStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether a gathering may move from this status to {@code next}. */
  public boolean canMoveTo(GatheringStatus next) {
    return switch (this) {
      case WAITING, SCHEDULED -> next == STARTED || next == CANCELLED;
      case STARTED, ACTIVE -> next == ENDED;
      case ENDED, CANCELLED -> false;
    };
  }

  /** Whether a gathering of {@code type} in this status lets people join. */
  public boolean admitsJoins(GatheringType type) {
    return switch (this) {
      case WAITING, SCHEDULED, ACTIVE -> true;
      // a started appointment still admits late arrivals; a started lobby does not
      case STARTED -> type == GatheringType.APPOINTMENT;
      case ENDED, CANCELLED -> false;
    };
  }

  /** Whether the gathering is over (ended or cancelled). */
  public boolean isFinal() {
    return this == ENDED || this == CANCELLED;
  }
}
