package dev.herald.storage.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a domain event says happened to its resource; the payload's discriminator. */
public enum EventAction {
  CREATED,
  UPDATED,
  DELETED,
  OCCURRED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The action of a wire name such as {@code created}. */
  @JsonCreator
  public static EventAction fromWireName(String name) {
    for (EventAction action : values()) {
      if (action.wireName().equals(name)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "unknown action '" + name + "' (expected created, updated, deleted or occurred)");
  }
}
