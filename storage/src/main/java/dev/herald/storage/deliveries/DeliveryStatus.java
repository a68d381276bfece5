package dev.herald.storage.deliveries;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a delivery stands; its legal moves are here, and where an attempt moves it is {@link
 * NextStep}, so the state machine reads in one place.
 */
public enum DeliveryStatus {
  PENDING,
  RETRYING,
  DELIVERED,
  FAILED;

  /**
   * The statuses {@link #isOpen} counts, as an SQL list ({@code ('pending', 'retrying')}), so the
   * repository's queries say "open" the way this enum does.
   */
  public static final String OPEN_SQL =
      Arrays.stream(values())
          .filter(DeliveryStatus::isOpen)
          .map(DeliveryStatus::sql)
          .collect(Collectors.joining(", ", "(", ")"));

  /** The status as an SQL literal ({@code 'failed'}), for queries that name one. */
  public String sql() {
    return "'" + wireName() + "'";
  }

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
