package dev.herald.gatherings.domain;

import java.util.Locale;

/** A member's role: one owner (who may start, end and cancel) and members. */
public enum MemberRole {
  OWNER,
  MEMBER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MemberRole fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
