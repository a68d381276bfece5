package dev.herald.delivery.fanout;

import dev.herald.delivery.matching.EventTypePattern;
import dev.herald.storage.webhooks.Webhook;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the webhooks an event matches by hash look-ups, not by trying every subscription: one key
 * per exact type, per wildcard prefix and for {@code *}, each within its project. An event type
 * {@code a.b.c} is looked up as {@code a.b.c}, {@code a.b.*}, {@code a.*} and {@code *}.
 */
final class SubscriptionIndex {

  private final Map<String, List<Webhook>> byKey = new HashMap<>();

  SubscriptionIndex(Iterable<Webhook> webhooks) {
    for (Webhook webhook : webhooks) {
      Set<String> keys = new LinkedHashSet<>();
      for (String text : webhook.eventTypes()) {
        keys.add(key(webhook.projectId(), EventTypePattern.parse(text).text()));
      }
      keys.forEach(k -> byKey.computeIfAbsent(k, unused -> new ArrayList<>()).add(webhook));
    }
  }

  /** The webhooks of {@code projectId} subscribed to {@code type}, each once. */
  List<Webhook> match(String projectId, String type) {
    Set<Webhook> matched = new LinkedHashSet<>(lookup(projectId, type));
    matched.addAll(lookup(projectId, "*"));
    for (int dot = type.lastIndexOf('.'); dot > 0; dot = type.lastIndexOf('.', dot - 1)) {
      matched.addAll(lookup(projectId, type.substring(0, dot) + ".*"));
    }
    return List.copyOf(matched);
  }

  private List<Webhook> lookup(String projectId, String pattern) {
    return byKey.getOrDefault(key(projectId, pattern), List.of());
  }

  private static String key(String projectId, String pattern) {
    return projectId + '\u0000' + pattern;
  }
}
