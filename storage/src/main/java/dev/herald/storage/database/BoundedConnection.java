package dev.herald.storage.database;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A connection of {@link BoundedConnectionFactory}, each call that waits on the database within its
 * {@link AnswerLimit}. One that let a call go unanswered is done for: its session is ended at once
 * (which makes PostgreSQL roll back any transaction it had open), a rollback asked of it then
 * succeeds without a round trip, any other call fails at once, and the pool discards it on its
 * return (being handed back waits for the session's end, so the pool never lends it out again).
 */
final class BoundedConnection implements Connection, Wrapped<Connection> {

  private final Connection connection;
  private final AnswerLimit limit;
  // set once a call went unanswered: the end of the session underneath
  private final AtomicReference<Mono<Void>> ended = new AtomicReference<>();

  BoundedConnection(Connection connection, AnswerLimit limit) {
    this.connection = connection;
    this.limit = limit;
  }

  /** {@code call} within the limit, or at once an error when an earlier call went unanswered. */
  <T> Flux<T> bounded(Publisher<T> call) {
    return Flux.defer(
        () ->
            ended.get() != null
                ? Flux.error(
                    new R2dbcTimeoutException(
                        "This connection was closed: an earlier call on it had no answer from"
                            + " the database within "
                            + limit.toMillis()
                            + " ms"))
                : limit.bounded(call, this::endSession));
  }

  /**
   * Ends the session underneath (the pool's own connection) without waiting for it. The pool checks
   * a connection it is handed back by whether its session is still open, so {@link #close} hands
   * this one back only once the session has ended: then the pool discards it rather than lending it
   * out again.
   */
  private void endSession() {
    Connection session =
        connection instanceof Wrapped<?> pooled && pooled.unwrap() instanceof Connection raw
            ? raw
            : connection;
    Mono<Void> ending = limit.bounded(session.close(), () -> {}).then().onErrorComplete().cache();
    if (ended.compareAndSet(null, ending)) {
      ending.subscribe();
    }
  }

  @Override
  public Connection unwrap() {
    return connection;
  }

  @Override
  public Publisher<Void> beginTransaction() {
    return bounded(connection.beginTransaction());
  }

  @Override
  public Publisher<Void> beginTransaction(TransactionDefinition definition) {
    return bounded(connection.beginTransaction(definition));
  }

  @Override
  public Publisher<Void> close() {
    return Flux.defer(
        () -> {
          Mono<Void> ending = ended.get();
          return ending == null ? connection.close() : ending.then(Mono.from(connection.close()));
        });
  }

  @Override
  public Publisher<Void> commitTransaction() {
    return bounded(connection.commitTransaction());
  }

  @Override
  public Batch createBatch() {
    Batch batch = connection.createBatch();
    return new Batch() {
      @Override
      public Batch add(String sql) {
        batch.add(sql);
        return this;
      }

      @Override
      public Publisher<? extends Result> execute() {
        return bounded(batch.execute())
            .map(result -> new BoundedResult(BoundedConnection.this, result));
      }
    };
  }

  @Override
  public Publisher<Void> createSavepoint(String name) {
    return bounded(connection.createSavepoint(name));
  }

  @Override
  public Statement createStatement(String sql) {
    return new BoundedStatement(this, connection.createStatement(sql));
  }

  @Override
  public boolean isAutoCommit() {
    return connection.isAutoCommit();
  }

  @Override
  public ConnectionMetadata getMetadata() {
    return connection.getMetadata();
  }

  @Override
  public IsolationLevel getTransactionIsolationLevel() {
    return connection.getTransactionIsolationLevel();
  }

  @Override
  public Publisher<Void> releaseSavepoint(String name) {
    return bounded(connection.releaseSavepoint(name));
  }

  /** After an unanswered call, done: the session's end rolled the transaction back. */
  @Override
  public Publisher<Void> rollbackTransaction() {
    return Flux.defer(
        () -> ended.get() != null ? Flux.empty() : bounded(connection.rollbackTransaction()));
  }

  @Override
  public Publisher<Void> rollbackTransactionToSavepoint(String name) {
    return bounded(connection.rollbackTransactionToSavepoint(name));
  }

  @Override
  public Publisher<Void> setAutoCommit(boolean autoCommit) {
    return bounded(connection.setAutoCommit(autoCommit));
  }

  @Override
  public Publisher<Void> setLockWaitTimeout(Duration timeout) {
    return bounded(connection.setLockWaitTimeout(timeout));
  }

  @Override
  public Publisher<Void> setStatementTimeout(Duration timeout) {
    return bounded(connection.setStatementTimeout(timeout));
  }

  @Override
  public Publisher<Void> setTransactionIsolationLevel(IsolationLevel level) {
    return bounded(connection.setTransactionIsolationLevel(level));
  }

  /** After an unanswered call, not valid. */
  @Override
  public Publisher<Boolean> validate(ValidationDepth depth) {
    return Flux.defer(
        () -> ended.get() != null ? Flux.just(false) : bounded(connection.validate(depth)));
  }
}
