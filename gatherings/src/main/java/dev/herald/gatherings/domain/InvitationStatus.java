package dev.herald.gatherings.domain;

import java.util.Locale;

/** An invitation's answer: {@code pending → accepted | declined}, answered once. */
public enum InvitationStatus {
  PENDING,
  ACCEPTED,
  DECLINED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InvitationStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether an invitation may move from this status to {@code next}. */
  public boolean canMoveTo(InvitationStatus next) {
    return this == PENDING && next != PENDING;
  }
}
