package dev.herald.delivery.catalog;

import dev.herald.storage.events.EventAction;

/**
 * One type of the event catalog: its wire name, the action its payload carries, when it is emitted,
 * and who publishes it.
 */
public record EventType(
    String type, EventAction action, String emittedWhen, String group, Publisher publishedBy) {

  /** Who may put events of a type into the log. */
  public enum Publisher {
    /** Herald emits these itself from its own state changes. */
    HERALD,
    /** Other services publish these through {@code POST /v1/events}. */
    EXTERNAL
  }
}
