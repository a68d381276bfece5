package dev.herald.storage.database;

import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.ConnectionMetadata;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The application's connections with client-side limits on taking one from the pool and on every
 * answer the database owes: a frozen PostgreSQL (stopped, swapped out, a network that drops
 * packets) enforces no {@code statement_timeout} of its own, and the driver would wait for it
 * forever. Past the limit the call fails with {@link R2dbcTimeoutException}. Closing (handing a
 * connection back to the pool) is not limited: a connection given up on would leak from the pool.
 *
 * <p>A connection that let a call go unanswered is done for: its session is ended at once (which
 * makes PostgreSQL roll back any transaction it had open), a rollback asked of it then succeeds
 * without a round trip, any other call fails at once, and the pool discards it on its return (being
 * handed back waits for the session's end, so the pool never lends it out again). So an outage
 * costs one wait per connection, not one per statement, and the transaction managers do not report
 * their rollback as a second failure. What the driver signals for a call after it was given up on
 * (an error when the session ends, say) reaches no one and is dropped here, quietly.
 */
final class BoundedConnectionFactory
    implements ConnectionFactory, Wrapped<ConnectionFactory>, Disposable {

  private final ConnectionFactory delegate;
  private final Duration acquireLimit;
  private final Duration limit;

  /**
   * @param acquireLimit to get a connection from the pool (the pool's own limit must be off: see
   *     {@link #create})
   * @param limit for every answer on a connection
   */
  BoundedConnectionFactory(ConnectionFactory delegate, Duration acquireLimit, Duration limit) {
    this.delegate = delegate;
    this.acquireLimit = acquireLimit;
    this.limit = limit;
  }

  /**
   * A connection from the pool within the acquire limit. The limit is here, not the pool's ({@code
   * maxAcquireTime}): when the pool's limit and one inside it (creating or validating a connection)
   * ran out together, the inner one's error reached the pool's timeout after it had fired, and
   * Reactor reported it as a dropped error (an ERROR line); here what comes after the limit is
   * dropped quietly. Mono operators throughout: a {@code Flux} made into a {@code Mono} cancels its
   * source after the value, and the pool takes a cancelled acquisition's connection back, while it
   * is being used.
   */
  @Override
  public Mono<Connection> create() {
    return Mono.defer(
        () -> {
          AtomicBoolean gaveUp = new AtomicBoolean();
          return Mono.from(delegate.create())
              // a connection that comes after the limit goes straight back
              .flatMap(
                  connection ->
                      gaveUp.get()
                          ? Mono.from(connection.close()).onErrorComplete().then(Mono.empty())
                          : Mono.just(connection))
              .onErrorResume(late -> gaveUp.get(), late -> Mono.empty())
              .doOnCancel(() -> gaveUp.set(true))
              .timeout(acquireLimit)
              .onErrorMap(
                  TimeoutException.class,
                  timeout ->
                      new R2dbcTimeoutException(
                          "No connection from the pool within " + acquireLimit.toMillis() + " ms",
                          timeout))
              .map(BoundedConnection::new);
        });
  }

  @Override
  public ConnectionFactoryMetadata getMetadata() {
    return delegate.getMetadata();
  }

  @Override
  public ConnectionFactory unwrap() {
    return delegate;
  }

  /** Disposes the pool underneath (its bean's destroy method) when the context closes. */
  @Override
  public void dispose() {
    if (delegate instanceof Disposable disposable) {
      disposable.dispose();
    }
  }

  @Override
  public boolean isDisposed() {
    return delegate instanceof Disposable disposable && disposable.isDisposed();
  }

  /**
   * {@code call} with the limit (subscribe once); once nobody waits for it any more (the limit
   * passed or the caller cancelled) its errors are dropped, and {@code unanswered} runs when the
   * limit passes.
   */
  private <T> Flux<T> bounded(Publisher<T> call, Runnable unanswered) {
    AtomicBoolean gaveUp = new AtomicBoolean();
    return Flux.from(call)
        .onErrorResume(late -> gaveUp.get(), late -> Flux.empty())
        // set before the cancel travels up, so an error the driver signals as it is cancelled is
        // already late
        .doOnCancel(() -> gaveUp.set(true))
        .timeout(limit)
        .onErrorMap(
            TimeoutException.class,
            timeout -> {
              unanswered.run();
              return timedOut(timeout);
            });
  }

  private R2dbcTimeoutException timedOut(TimeoutException cause) {
    return new R2dbcTimeoutException(
        "No answer from the database within " + limit.toMillis() + " ms", cause);
  }

  private final class BoundedConnection implements Connection, Wrapped<Connection> {

    private final Connection connection;
    // set once a call went unanswered: the end of the session underneath
    private final AtomicReference<Mono<Void>> ended = new AtomicReference<>();

    BoundedConnection(Connection connection) {
      this.connection = connection;
    }

    private <T> Flux<T> bounded(Publisher<T> call) {
      return Flux.defer(
          () ->
              ended.get() != null
                  ? Flux.error(
                      new R2dbcTimeoutException(
                          "This connection was closed: an earlier call on it had no answer from"
                              + " the database within "
                              + limit.toMillis()
                              + " ms"))
                  : BoundedConnectionFactory.this.bounded(call, this::endSession));
    }

    /**
     * Ends the session underneath (the pool's own connection) without waiting for it. The pool
     * checks a connection it is handed back by whether its session is still open, so {@link #close}
     * hands this one back only once the session has ended: then the pool discards it rather than
     * lending it out again.
     */
    private void endSession() {
      Connection session =
          connection instanceof Wrapped<?> pooled && pooled.unwrap() instanceof Connection raw
              ? raw
              : connection;
      Mono<Void> ending =
          BoundedConnectionFactory.this
              .bounded(session.close(), () -> {})
              .then()
              .onErrorComplete()
              .cache();
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

  private static final class BoundedStatement implements Statement {

    private final BoundedConnection connection;
    private final Statement statement;

    BoundedStatement(BoundedConnection connection, Statement statement) {
      this.connection = connection;
      this.statement = statement;
    }

    @Override
    public Statement add() {
      statement.add();
      return this;
    }

    @Override
    public Statement bind(int index, Object value) {
      statement.bind(index, value);
      return this;
    }

    @Override
    public Statement bind(String name, Object value) {
      statement.bind(name, value);
      return this;
    }

    @Override
    public Statement bindNull(int index, Class<?> type) {
      statement.bindNull(index, type);
      return this;
    }

    @Override
    public Statement bindNull(String name, Class<?> type) {
      statement.bindNull(name, type);
      return this;
    }

    @Override
    public Statement returnGeneratedValues(String... columns) {
      statement.returnGeneratedValues(columns);
      return this;
    }

    @Override
    public Statement fetchSize(int rows) {
      statement.fetchSize(rows);
      return this;
    }

    @Override
    public Publisher<? extends Result> execute() {
      return connection
          .bounded(statement.execute())
          .map(result -> new BoundedResult(connection, result));
    }
  }

  /** A result whose rows must keep coming: each one within the limit of the one before. */
  private static final class BoundedResult implements Result {

    private final BoundedConnection connection;
    private final Result result;

    BoundedResult(BoundedConnection connection, Result result) {
      this.connection = connection;
      this.result = result;
    }

    @Override
    public Publisher<Long> getRowsUpdated() {
      return connection.bounded(result.getRowsUpdated());
    }

    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
      return connection.bounded(result.map(mapping));
    }

    @Override
    public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
      return connection.bounded(result.map(mapping));
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
      return new BoundedResult(connection, result.filter(filter));
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
      return connection.bounded(result.flatMap(mapping));
    }
  }
}
