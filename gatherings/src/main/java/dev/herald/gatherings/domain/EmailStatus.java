package dev.herald.gatherings.domain;

import java.util.Locale;

/**
 * The state of an invitation email: {@code queued → sent | failed}, or {@code superseded} when a
 * newer email of the same invitation was queued before it went out. An invitation without any email
 * shows {@code none}.
 */
public enum EmailStatus {
  NONE,
  QUEUED,
  SENT,
  FAILED,
  SUPERSEDED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EmailStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
