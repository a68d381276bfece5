package dev.herald.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where a workload's delivery latency went, read from Herald's own records: event committed →
 * delivery created (fan-out), delivery created → first attempt started (dispatch), and the
 * attempt's own duration (the receiver).
 */
final class Stages {

  private Stages() {}

  static Map<String, Object> of(String r2dbcUrl, String projectId) {
    String sql =
        "SELECT"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.created_at - e.occurred_at) * 1000) AS fanout_p50,"
            + " percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.created_at - e.occurred_at) * 1000) AS fanout_p95,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.started_at - d.created_at) * 1000) AS dispatch_p50,"
            + " percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM a.started_at - d.created_at) * 1000) AS dispatch_p95,"
            + " percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS attempt_p50,"
            + " percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS attempt_p95"
            + " FROM deliveries d JOIN events e ON e.project_id = d.project_id AND e.id = d.event_id"
            + " JOIN delivery_attempts a ON a.project_id = d.project_id AND a.delivery_id = d.id AND a.attempt = 1"
            + " WHERE d.project_id = $1 AND d.event_type = 'message.created'";
    return Mono.usingWhen(
            Mono.from(ConnectionFactories.get(r2dbcUrl).create()),
            c ->
                // fresh statistics first: planned on the counts from before the workload, this
                // join nests loops over tens of thousands of rows and takes minutes
                Flux.from(
                        c.createStatement("ANALYZE deliveries, events, delivery_attempts")
                            .execute())
                    .concatMap(result -> result.getRowsUpdated())
                    .thenMany(Flux.from(c.createStatement(sql).bind(0, projectId).execute()))
                    .flatMap(
                        result ->
                            result.map(
                                (row, meta) -> {
                                  Map<String, Object> stages = new LinkedHashMap<>();
                                  for (String name :
                                      new String[] {
                                        "fanout_p50",
                                        "fanout_p95",
                                        "dispatch_p50",
                                        "dispatch_p95",
                                        "attempt_p50",
                                        "attempt_p95"
                                      }) {
                                    Double value = row.get(name, Double.class);
                                    stages.put(
                                        name, value == null ? null : Math.round(value * 10) / 10.0);
                                  }
                                  return stages;
                                }))
                    .next(),
            Connection::close)
        .block();
  }
}
