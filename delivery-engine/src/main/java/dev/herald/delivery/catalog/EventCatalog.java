package dev.herald.delivery.catalog;

import dev.herald.storage.events.EventAction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every event type Herald knows, from the catalog in {@code herald/event-catalog.json}. */
@Component
public class EventCatalog {

  static final String RESOURCE = "/herald/event-catalog.json";

  private final Map<String, EventType> types;

  public EventCatalog() {
    this.types = Collections.unmodifiableMap(load());
  }

  /** All types, in catalog order. */
  public List<EventType> all() {
    return List.copyOf(types.values());
  }

  /** The type of this wire name, or empty. */
  public Optional<EventType> find(String type) {
    return Optional.ofNullable(types.get(type));
  }

  /** Whether any type has this wire name. */
  public boolean contains(String type) {
    return types.containsKey(type);
  }

  private static Map<String, EventType> load() {
    try (InputStream in = EventCatalog.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the event catalog " + RESOURCE + " is missing");
      }
      JsonNode root = JsonMapper.shared().readTree(in);
      List<EventType> list = new ArrayList<>();
      for (JsonNode node : root.get("types")) {
        list.add(
            new EventType(
                node.get("type").asString(),
                EventAction.fromWireName(node.get("action").asString()),
                node.get("emittedWhen").asString(),
                node.get("group").asString(),
                node.get("publishedBy").asString().equals("herald")
                    ? EventType.Publisher.HERALD
                    : EventType.Publisher.EXTERNAL));
      }
      Map<String, EventType> byName = new LinkedHashMap<>();
      list.forEach(type -> byName.put(type.type(), type));
      return byName;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
