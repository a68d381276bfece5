package dev.herald.api.events;

import dev.herald.storage.events.DomainEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each event's envelope as JSON, encoded once per instance however many streams send it: the
 * streams of a project take their events from one shared feed, so the recent ones are asked for
 * again and again, and encoding each for every stream (10,000 times a second for 500 streams at 20
 * events/s) was the larger part of what the streams cost the API.
 */
@Component
class EncodedEvents {

  /** Recent envelopes kept: the shared feed hands each batch (at most 500) to every stream. */
  static final int KEPT = 4096;

  private final JsonMapper json;
  private final Map<String, String> recent =
      new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > KEPT;
        }
      };

  EncodedEvents(JsonMapper json) {
    this.json = json;
  }

  /** The envelope as the stream's {@code data} (JSON on one line). */
  String json(DomainEvent event) {
    String known;
    synchronized (recent) {
      known = recent.get(event.id());
    }
    if (known != null) {
      return known;
    }
    // outside the lock: two streams may encode the same event at once, to the same text
    String encoded = json.writeValueAsString(event);
    synchronized (recent) {
      recent.put(event.id(), encoded);
    }
    return encoded;
  }
}
