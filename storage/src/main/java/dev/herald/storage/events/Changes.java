package dev.herald.storage.events;

import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Computes an {@code updated} payload's {@code changes}: the old values of the top-level fields
 * that differ. A nested object that changed anywhere appears whole; a field that did not exist
 * before appears as {@code null}.
 */
public final class Changes {

  private Changes() {}

  /** The old values of the fields that differ between {@code before} and {@code after}. */
  public static ObjectNode between(JsonNode before, JsonNode after) {
    if (before == null || !before.isObject() || after == null || !after.isObject()) {
      throw new IllegalArgumentException("changes are computed between two JSON objects");
    }
    Set<String> names = new LinkedHashSet<>(before.propertyNames());
    names.addAll(after.propertyNames());
    ObjectNode changes = JsonNodeFactory.instance.objectNode();
    for (String name : names) {
      JsonNode old = before.get(name);
      JsonNode now = after.get(name);
      if (old == null ? now != null : !old.equals(now)) {
        changes.set(name, old == null ? JsonNodeFactory.instance.nullNode() : old.deepCopy());
      }
    }
    return changes;
  }
}
