package dev.herald.storage.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A domain event's payload: the action, the resource's data (the last known state for {@code
 * deleted}) and, for {@code updated}, the old values of the fields that changed.
 */
public record EventPayload(
    EventAction action,
    JsonNode data,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode changes) {

  public EventPayload {
    if (action == null || data == null) {
      throw new IllegalArgumentException("a payload needs an action and data");
    }
    if (action == EventAction.UPDATED && changes == null) {
      throw new IllegalArgumentException("an updated payload carries changes");
    }
    if (action != EventAction.UPDATED && changes != null) {
      throw new IllegalArgumentException("only an updated payload carries changes");
    }
  }

  public static EventPayload created(JsonNode data) {
    return new EventPayload(EventAction.CREATED, data, null);
  }

  public static EventPayload occurred(JsonNode data) {
    return new EventPayload(EventAction.OCCURRED, data, null);
  }

  public static EventPayload deleted(JsonNode lastKnownState) {
    return new EventPayload(EventAction.DELETED, lastKnownState, null);
  }

  /**
   * An update from {@code before} to {@code after}; {@code changes} computed by {@link Changes}.
   */
  public static EventPayload updated(JsonNode before, JsonNode after) {
    return new EventPayload(EventAction.UPDATED, after, Changes.between(before, after));
  }
}
