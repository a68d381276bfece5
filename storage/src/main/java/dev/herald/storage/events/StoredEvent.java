package dev.herald.storage.events;

/** An event as the log holds it: the envelope with its sequence and its position. */
public record StoredEvent(DomainEvent event, LogPosition position) {

  /** The per-database monotonically increasing number of this event (the SSE id). */
  public long sequence() {
    return position.seq();
  }
}
