package dev.herald.storage.database;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The client-side limit on a real PostgreSQL, whose {@code pg_sleep} stands in for a server that
 * does not answer: the call fails at the limit, the connection is done for (its session ended, a
 * rollback succeeds at once, other calls fail at once, the pool replaces it), and nothing is
 * reported twice: no "rollback exception" from the transaction manager, no dropped error.
 */
class BoundedConnectionFactoryIntegrationTests {

  private static final Duration LIMIT = Duration.ofMillis(700);
  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir static Path dataDir;
  private static ConnectionPool pool;
  private static BoundedConnectionFactory bounded;

  private final List<Throwable> dropped = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  static void start() {
    DatabaseLocation location = EmbeddedDatabase.acquire(dataDir);
    pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(
                    ConnectionFactories.get(
                        ConnectionFactoryOptions.parse(location.r2dbcUrl())
                            .mutate()
                            .option(ConnectionFactoryOptions.USER, location.username())
                            .option(ConnectionFactoryOptions.PASSWORD, location.password())
                            .build()))
                .initialSize(1)
                .maxSize(2)
                .build());
    // the first connection (and the driver's first use) outside the short limit
    Mono.usingWhen(pool.create(), c -> rows(c, "SELECT 1").then(), Connection::close).block(BOUND);
    bounded = new BoundedConnectionFactory(pool, LIMIT, LIMIT);
  }

  @AfterAll
  static void stop() {
    bounded.dispose();
    EmbeddedDatabase.release(dataDir);
  }

  @BeforeEach
  void watch() {
    Hooks.onErrorDropped(dropped::add);
    log.start();
    root().addAppender(log);
  }

  @AfterEach
  void unwatch() {
    Hooks.resetOnErrorDropped();
    root().detachAppender(log);
  }

  @Test
  void anUnansweredCall_failsAtTheLimit_andItsConnectionIsDoneFor() {
    Connection connection = Mono.from(bounded.create()).block(BOUND);
    StepVerifier.create(Mono.from(connection.beginTransaction())).expectComplete().verify(BOUND);

    StepVerifier.create(rows(connection, "SELECT pg_sleep(30)"))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(R2dbcTimeoutException.class)
                    .hasMessageContaining("within " + LIMIT.toMillis() + " ms"))
        .verify(BOUND);

    StepVerifier.create(Mono.from(connection.rollbackTransaction()))
        .expectComplete()
        .verify(Duration.ofSeconds(1));
    StepVerifier.create(rows(connection, "SELECT 1"))
        .expectErrorSatisfies(
            error -> assertThat(error).hasMessageContaining("This connection was closed"))
        .verify(Duration.ofSeconds(1));
    StepVerifier.create(Mono.from(connection.validate(ValidationDepth.LOCAL)))
        .expectNext(false)
        .expectComplete()
        .verify(Duration.ofSeconds(1));
    StepVerifier.create(Mono.from(connection.close())).expectComplete().verify(BOUND);

    // the pool hands out a working connection again
    StepVerifier.create(
            Mono.usingWhen(bounded.create(), c -> rows(c, "SELECT 1").next(), Connection::close))
        .expectNext(1)
        .expectComplete()
        .verify(BOUND);
    assertThat(dropped).isEmpty();
  }

  @Test
  void aConnectionInUse_isNotLentAgain() {
    // the pool holds two: both in use, a third waits (and times out) rather than sharing one
    Connection first = Mono.from(bounded.create()).block(BOUND);
    Connection second = Mono.from(bounded.create()).block(BOUND);
    try {
      StepVerifier.create(bounded.create()).expectError(R2dbcTimeoutException.class).verify(BOUND);
      StepVerifier.create(rows(first, "SELECT 1").concatWith(rows(second, "SELECT 1")))
          .expectNext(1, 1)
          .expectComplete()
          .verify(BOUND);
    } finally {
      Mono.from(first.close()).then(Mono.from(second.close())).block(BOUND);
    }
    assertThat(dropped).isEmpty();
  }

  @Test
  void aTransactionThatTimesOut_isReportedOnce() {
    DatabaseClient db = DatabaseClient.create(bounded);
    TransactionalOperator transactions =
        TransactionalOperator.create(new R2dbcTransactionManager(bounded));

    StepVerifier.create(
            db.sql("SELECT pg_sleep(30)").fetch().rowsUpdated().as(transactions::transactional))
        .expectError(QueryTimeoutException.class)
        .verify(BOUND);

    StepVerifier.create(
            db.sql("SELECT 1 AS one")
                .map(row -> row.get("one", Integer.class))
                .one()
                .as(transactions::transactional))
        .expectNext(1)
        .expectComplete()
        .verify(BOUND);
    assertThat(dropped).isEmpty();
    assertThat(log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)))
        .as("warnings and errors logged")
        .isEmpty();
  }

  private static Flux<Integer> rows(Connection connection, String sql) {
    return Flux.from(connection.createStatement(sql).execute())
        .flatMap(result -> result.map(readable -> 1));
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
