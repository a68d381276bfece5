package dev.herald.storage.events;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The webhook fan-out's place in the event log. One instance at a time holds it (a row lock taken
 * with SKIP LOCKED), inside the transaction that also writes the deliveries, so a crash between
 * reading and advancing loses and repeats nothing.
 */
@Repository
public class FanoutCursor {

  private final DatabaseClient db;

  public FanoutCursor(DatabaseClient db) {
    this.db = db;
  }

  /** The cursor, locked for the caller's transaction; empty if another instance holds it. */
  public Mono<LogPosition> lock() {
    return db.sql(
            "SELECT txid::text AS txid, seq FROM fanout_cursor WHERE name = 'webhooks'"
                + " FOR UPDATE SKIP LOCKED")
        .map(
            row ->
                new LogPosition(
                    Long.parseUnsignedLong(row.get("txid", String.class)),
                    row.get("seq", Long.class)))
        .one();
  }

  /** The cursor's position, without locking it. */
  public Mono<LogPosition> peek() {
    return db.sql("SELECT txid::text AS txid, seq FROM fanout_cursor WHERE name = 'webhooks'")
        .map(
            row ->
                new LogPosition(
                    Long.parseUnsignedLong(row.get("txid", String.class)),
                    row.get("seq", Long.class)))
        .one();
  }

  /** Moves the locked cursor to {@code position}. */
  public Mono<Void> advance(LogPosition position) {
    return db.sql(
            "UPDATE fanout_cursor SET txid = CAST(:txid AS xid8), seq = :seq WHERE name = 'webhooks'")
        .bind("txid", Long.toUnsignedString(position.txid()))
        .bind("seq", position.seq())
        .then();
  }
}
