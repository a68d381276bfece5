package dev.herald.storage.events;

import java.util.List;

/**
 * A page of a project's events, oldest first.
 *
 * @param exactTypes types to match exactly; with {@code typePrefixes} empty too, every type
 * @param typePrefixes prefixes such as {@code message.} (from the pattern {@code message.*})
 * @param resourceId only events of this resource, or {@code null}
 * @param afterSequence only events after this sequence, or {@code null} from the start
 */
public record EventQuery(
    List<String> exactTypes,
    List<String> typePrefixes,
    String resourceId,
    Long afterSequence,
    int limit) {

  public EventQuery {
    exactTypes = List.copyOf(exactTypes);
    typePrefixes = List.copyOf(typePrefixes);
  }

  boolean allTypes() {
    return exactTypes.isEmpty() && typePrefixes.isEmpty();
  }
}
