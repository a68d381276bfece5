package dev.herald.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * W5's backlog: pending deliveries written straight into the database while Herald is stopped (as
 * if its receiver had been down), so the drain that follows is measured on its own.
 */
final class Backlog {

  private Backlog() {}

  /**
   * Writes {@code count} events of the webhook's project and one pending delivery each, then moves
   * the fan-out cursor past them (they already have their deliveries).
   */
  static void write(String r2dbcUrl, String webhookId, int count, String data) {
    String prefix = "evt_backlog_" + Long.toString(System.nanoTime(), 36) + "_";
    ConnectionFactory factory = ConnectionFactories.get(r2dbcUrl);
    Mono.usingWhen(
            Mono.from(factory.create()),
            c ->
                execute(c, "BEGIN")
                    .then(
                        execute(
                            c,
                            "INSERT INTO events (project_id, id, tenant_id, type, source, resource_id,"
                                + " occurred_at, action, data)"
                                + " SELECT w.project_id, '"
                                + prefix
                                + "' || n, p.tenant_id, 'message.created',"
                                + " 'bench', 'session:backlog', now(), 'created', CAST($$"
                                + data
                                + "$$ AS json)"
                                + " FROM webhooks w JOIN projects p ON p.id = w.project_id,"
                                + " generate_series(1, "
                                + count
                                + ") n WHERE w.id = '"
                                + webhookId
                                + "'"))
                    .then(
                        execute(
                            c,
                            "INSERT INTO deliveries (project_id, id, webhook_id, event_id, event_type,"
                                + " event_seq, status, next_attempt_at)"
                                + " SELECT e.project_id, 'dlv_' || e.id, '"
                                + webhookId
                                + "', e.id,"
                                + " e.type, e.seq, 'pending', now() FROM events e"
                                + " WHERE e.id LIKE '"
                                + prefix
                                + "%'"))
                    .then(execute(c, "COMMIT"))
                    .then(
                        execute(
                            c,
                            "UPDATE fanout_cursor SET txid = pg_snapshot_xmin(pg_current_snapshot()), seq = 0")),
            Connection::close)
        .block();
  }

  private static Mono<Void> execute(Connection connection, String sql) {
    return Flux.from(connection.createStatement(sql).execute())
        .flatMap(r -> r.getRowsUpdated())
        .then();
  }
}
