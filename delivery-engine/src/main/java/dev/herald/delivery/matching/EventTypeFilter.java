package dev.herald.delivery.matching;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A set of patterns: an event matches when any pattern does; no patterns match everything. */
public record EventTypeFilter(List<EventTypePattern> patterns) {

  public EventTypeFilter {
    patterns = List.copyOf(patterns);
  }

  /** Everything. */
  public static EventTypeFilter everything() {
    return new EventTypeFilter(List.of());
  }

  /** Parses each pattern; see {@link EventTypePattern#parse(String)}. */
  public static EventTypeFilter parse(Collection<String> patterns) {
    List<EventTypePattern> parsed = new ArrayList<>();
    for (String pattern : patterns) {
      parsed.add(EventTypePattern.parse(pattern.trim()));
    }
    return new EventTypeFilter(parsed);
  }

  public boolean matchesEverything() {
    return patterns.isEmpty() || patterns.stream().anyMatch(EventTypePattern::isEverything);
  }

  public boolean matches(String type) {
    return matchesEverything() || patterns.stream().anyMatch(p -> p.matches(type));
  }

  /** The exact names, for a database query; empty when everything matches. */
  public List<String> exactTypes() {
    return matchesEverything()
        ? List.of()
        : patterns.stream().filter(p -> !p.isWildcard()).map(EventTypePattern::text).toList();
  }

  /** The wildcard prefixes, for a database query; empty when everything matches. */
  public List<String> typePrefixes() {
    return matchesEverything()
        ? List.of()
        : patterns.stream()
            .filter(EventTypePattern::isWildcard)
            .map(EventTypePattern::prefix)
            .toList();
  }
}
