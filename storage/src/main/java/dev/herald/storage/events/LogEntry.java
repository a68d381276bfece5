package dev.herald.storage.events;

/**
 * What the webhook fan-out needs of a logged event: whose it is, its type and where it stands in
 * the log; not its data (subscribers are matched on the type, and deliveries load the event when
 * they are sent).
 */
public record LogEntry(String projectId, String eventId, String type, LogPosition position) {

  /** The per-database monotonically increasing number of this event (the SSE id). */
  public long sequence() {
    return position.seq();
  }
}
