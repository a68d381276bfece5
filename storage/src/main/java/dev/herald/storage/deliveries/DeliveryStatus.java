package dev.herald.storage.deliveries;

import java.util.Locale;

/** Where a delivery stands; its legal moves are here so the state machine reads in one place. */
public enum DeliveryStatus {
  PENDING,
  RETRYING,
  DELIVERED,
  FAILED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeliveryStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether a dispatcher may still attempt it. */
  public boolean isOpen() {
    return this == PENDING || this == RETRYING;
  }

  /**
   * Whether the delivery may move from this status to {@code next}: attempts move open deliveries
   * on, and a manual retry reopens any delivery.
   */
  public boolean canMoveTo(DeliveryStatus next) {
    return switch (next) {
      case PENDING -> true;
      case RETRYING, DELIVERED, FAILED -> isOpen();
    };
  }
}
