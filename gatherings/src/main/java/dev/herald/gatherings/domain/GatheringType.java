package dev.herald.gatherings.domain;

import java.util.Locale;

/** The three kinds of gathering, each starting in its own status. */
public enum GatheringType {
  LOBBY,
  APPOINTMENT,
  OPEN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static GatheringType fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether {@code name} names a type. */
  public static boolean isWireName(String name) {
    for (GatheringType type : values()) {
      if (type.wireName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The status a new gathering of this type has. */
  public GatheringStatus initialStatus() {
    return switch (this) {
      case LOBBY -> GatheringStatus.WAITING;
      case APPOINTMENT -> GatheringStatus.SCHEDULED;
      case OPEN -> GatheringStatus.ACTIVE;
    };
  }
}
