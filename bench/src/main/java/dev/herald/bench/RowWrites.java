package dev.herald.bench;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The rows a workload wrote, as PostgreSQL counts them ({@code pg_stat_user_tables}: rows inserted,
 * updated and deleted, per table), so the cost of a delivery is measured, not estimated.
 *
 * <p>PostgreSQL's backends report their counts some time after the transactions that made them (at
 * most a second apart while busy, within ten seconds once idle), so {@link #since} waits, bounded,
 * until the counts stop moving.
 */
final class RowWrites {

  /** A table's counts: rows inserted, updated (of which HOT, touching no index) and deleted. */
  record Counts(long inserted, long updated, long hotUpdated, long deleted) {

    long writes() {
      return inserted + updated + deleted;
    }

    Counts minus(Counts before) {
      return new Counts(
          inserted - before.inserted,
          updated - before.updated,
          hotUpdated - before.hotUpdated,
          deleted - before.deleted);
    }
  }

  /** The counts of every table at one moment. */
  record Snapshot(Map<String, Counts> tables) {

    /**
     * Whether no table but Quartz's moved since {@code other}: Quartz's scheduler checks in every
     * few seconds whatever the workload does.
     */
    boolean stillSince(Snapshot other) {
      return withoutQuartz().equals(other.withoutQuartz());
    }

    private Map<String, Counts> withoutQuartz() {
      Map<String, Counts> rest = new TreeMap<>(tables);
      rest.keySet().removeIf(table -> table.startsWith("qrtz_"));
      return rest;
    }

    /** What was written since {@code before}, per table that changed. */
    Map<String, Counts> since(Snapshot before) {
      Map<String, Counts> changed = new TreeMap<>();
      tables.forEach(
          (table, counts) -> {
            Counts delta = counts.minus(before.tables.getOrDefault(table, ZERO));
            if (delta.writes() > 0) {
              changed.put(table, delta);
            }
          });
      return changed;
    }
  }

  private static final Counts ZERO = new Counts(0, 0, 0, 0);

  /**
   * What a workload wrote, per table, and how many deliveries the receiver counted once the counts
   * stood still.
   */
  record Measured(Map<String, Counts> tables, long deliveries) {

    double perDelivery() {
      return total(tables) / (double) Math.max(1, deliveries);
    }
  }

  private RowWrites() {}

  static Snapshot now(String r2dbcUrl) {
    return read(r2dbcUrl).block(Duration.ofSeconds(30));
  }

  private static Mono<Snapshot> read(String r2dbcUrl) {
    String sql =
        "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables";
    return Mono.usingWhen(
            Mono.from(ConnectionFactories.get(r2dbcUrl).create()),
            c ->
                Flux.from(c.createStatement(sql).execute())
                    .flatMap(
                        result ->
                            result.map(
                                (row, meta) ->
                                    Map.entry(
                                        row.get("relname", String.class),
                                        new Counts(
                                            row.get("n_tup_ins", Long.class),
                                            row.get("n_tup_upd", Long.class),
                                            row.get("n_tup_hot_upd", Long.class),
                                            row.get("n_tup_del", Long.class)))))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new),
            Connection::close)
        .map(Snapshot::new);
  }

  /**
   * What was written since {@code before}, once the counts have stood still for {@code still} (or
   * after five times that, whatever they are then).
   */
  static Map<String, Counts> since(String r2dbcUrl, Snapshot before, Duration still) {
    Duration bound = still.multipliedBy(5);
    long deadline = System.nanoTime() + bound.toNanos();
    Snapshot last = now(r2dbcUrl);
    while (System.nanoTime() < deadline) {
      Snapshot next = Mono.delay(still).then(read(r2dbcUrl)).block(bound);
      if (next.stillSince(last)) {
        break;
      }
      last = next;
    }
    return last.since(before);
  }

  /** The sum of inserted, updated and deleted rows over the tables. */
  static long total(Map<String, Counts> tables) {
    return tables.values().stream().mapToLong(Counts::writes).sum();
  }

  /** e.g. {@code deliveries 1.0 ins + 2.0 upd; events 0.5 ins}, per {@code unit}. */
  static String perUnit(Map<String, Counts> tables, long unit) {
    List<String> parts =
        tables.entrySet().stream()
            .map(
                entry -> {
                  Counts c = entry.getValue();
                  StringBuilder part = new StringBuilder(entry.getKey());
                  append(part, c.inserted(), unit, "ins");
                  append(part, c.updated(), unit, "upd");
                  append(part, c.deleted(), unit, "del");
                  return part.toString();
                })
            .toList();
    return String.join("; ", parts);
  }

  private static void append(StringBuilder part, long count, long unit, String what) {
    if (count > 0) {
      part.append(String.format(" %.2f %s", count / (double) unit, what));
    }
  }
}
