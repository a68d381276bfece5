package dev.herald.bench;

import dev.herald.harness.HeraldClient;
import dev.herald.harness.Receiver;
import io.netty.buffer.Unpooled;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** The machine's own limits, measured in the same run: raw HTTP and raw durable inserts. */
final class Limits {

  private Limits() {}

  /** L1: POSTs per second from Reactor Netty's client to the receiver, no database involved. */
  static double rawHttpPerSecond(Receiver receiver, int requests, String body) {
    HttpClient client = HeraldClient.raw(64);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    Flux.range(0, requests)
        .flatMap(
            i ->
                client
                    .headers(
                        h -> h.set("content-type", "application/json").set("webhook-id", "l1-" + i))
                    .post()
                    .uri(receiver.url("/l1"))
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes)))
                    .responseSingle(
                        (response, content) -> content.then(Mono.just(response.status().code()))),
            64)
        .blockLast();
    return requests / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * L2: durable inserts per second of event-sized rows with the same R2DBC driver Herald uses, 100
   * rows per transaction, four connections.
   */
  static double durableInsertsPerSecond(String r2dbcUrl, int rows, String data) {
    ConnectionFactory factory = ConnectionFactories.get(r2dbcUrl);
    Mono.usingWhen(
            Mono.from(factory.create()),
            c ->
                Flux.from(
                        c.createStatement(
                                "CREATE TABLE IF NOT EXISTS bench_l2 (id bigserial PRIMARY KEY, project_id text,"
                                    + " type text, data json, created_at timestamptz DEFAULT now())")
                            .execute())
                    .flatMap(r -> r.getRowsUpdated())
                    .then(),
            Connection::close)
        .block();
    int batches = rows / 100;
    long start = System.nanoTime();
    Flux.range(0, 4)
        .flatMap(
            worker ->
                Mono.usingWhen(
                    Mono.from(factory.create()),
                    c -> Flux.range(0, batches / 4).concatMap(batch -> insertBatch(c, data)).then(),
                    Connection::close),
            4)
        .blockLast();
    return (batches / 4 * 4 * 100) / ((System.nanoTime() - start) / 1e9);
  }

  private static Mono<Void> insertBatch(Connection connection, String data) {
    Statement insert =
        connection.createStatement(
            "INSERT INTO bench_l2 (project_id, type, data) VALUES ($1, $2, CAST($3 AS json))");
    for (int i = 0; i < 100; i++) {
      insert.bind(0, "prj_bench").bind(1, "message.created").bind(2, data);
      if (i < 99) {
        insert.add();
      }
    }
    return Mono.from(connection.beginTransaction())
        .thenMany(Flux.from(insert.execute()).flatMap(r -> r.getRowsUpdated()))
        .then(Mono.from(connection.commitTransaction()));
  }
}
