package dev.herald.storage.events;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads events from result rows: the columns to select and the mapping back to a {@link
 * StoredEvent}, for the event log and for queries that join events (such as claiming deliveries
 * with their events).
 */
public final class EventRows {

  private static final List<String> NAMES =
      List.of(
          "id",
          "seq",
          "txid::text AS txid",
          "project_id",
          "tenant_id",
          "type",
          "source",
          "resource_id",
          "occurred_at",
          "action",
          "data::text AS data",
          "changes::text AS changes");

  private EventRows() {}

  /**
   * The columns to select from {@code table} (an alias, or {@code null}), each named with {@code
   * prefix} so they cannot clash with joined tables.
   */
  public static String columns(String table, String prefix) {
    return NAMES.stream()
        .map(
            name -> {
              String[] parts = name.split(" AS ");
              String expression = parts[0];
              String label = parts.length > 1 ? parts[1] : parts[0];
              return (table == null ? "" : table + ".") + expression + " AS " + prefix + label;
            })
        .collect(Collectors.joining(", "));
  }

  /** The event in a row selected with {@link #columns(String, String)} and the same prefix. */
  public static StoredEvent read(Readable row, String prefix, JsonMapper json) {
    String changes = row.get(prefix + "changes", String.class);
    EventPayload payload =
        new EventPayload(
            EventAction.fromWireName(row.get(prefix + "action", String.class)),
            json.readTree(row.get(prefix + "data", String.class)),
            changes == null ? null : json.readTree(changes));
    DomainEvent event =
        new DomainEvent(
            row.get(prefix + "id", String.class),
            row.get(prefix + "type", String.class),
            row.get(prefix + "source", String.class),
            row.get(prefix + "tenant_id", String.class),
            row.get(prefix + "project_id", String.class),
            row.get(prefix + "resource_id", String.class),
            row.get(prefix + "occurred_at", OffsetDateTime.class).toInstant(),
            payload);
    return new StoredEvent(
        event,
        new LogPosition(
            Long.parseUnsignedLong(row.get(prefix + "txid", String.class)),
            row.get(prefix + "seq", Long.class)));
  }
}
