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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The application's connections with a client-side limit on every answer the database owes: a
 * frozen PostgreSQL (stopped, swapped out, a network that drops packets) enforces no {@code
 * statement_timeout} of its own, and the driver would wait for it forever. Past the limit the call
 * fails with {@link R2dbcTimeoutException}. Closing (handing a connection back to the pool) is not
 * limited: a connection given up on would leak from the pool.
 */
final class BoundedConnectionFactory
    implements ConnectionFactory, Wrapped<ConnectionFactory>, Disposable {

  private final ConnectionFactory delegate;
  private final Duration limit;

  BoundedConnectionFactory(ConnectionFactory delegate, Duration limit) {
    this.delegate = delegate;
    this.limit = limit;
  }

  @Override
  public Mono<Connection> create() {
    return bounded(Mono.from(delegate.create())).map(BoundedConnection::new);
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

  private <T> Mono<T> bounded(Mono<T> call) {
    return call.timeout(limit).onErrorMap(TimeoutException.class, this::timedOut);
  }

  private <T> Flux<T> bounded(Publisher<T> call) {
    return Flux.from(call).timeout(limit).onErrorMap(TimeoutException.class, this::timedOut);
  }

  private R2dbcTimeoutException timedOut(TimeoutException cause) {
    return new R2dbcTimeoutException(
        "No answer from the database within " + limit.toMillis() + " ms", cause);
  }

  private final class BoundedConnection implements Connection, Wrapped<Connection> {

    private final Connection connection;

    BoundedConnection(Connection connection) {
      this.connection = connection;
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
      return connection.close();
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
          return bounded(batch.execute()).map(BoundedResult::new);
        }
      };
    }

    @Override
    public Publisher<Void> createSavepoint(String name) {
      return bounded(connection.createSavepoint(name));
    }

    @Override
    public Statement createStatement(String sql) {
      return new BoundedStatement(connection.createStatement(sql));
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

    @Override
    public Publisher<Void> rollbackTransaction() {
      return bounded(connection.rollbackTransaction());
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

    @Override
    public Publisher<Boolean> validate(ValidationDepth depth) {
      return bounded(connection.validate(depth));
    }
  }

  private final class BoundedStatement implements Statement {

    private final Statement statement;

    BoundedStatement(Statement statement) {
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
      return bounded(statement.execute()).map(BoundedResult::new);
    }
  }

  /** A result whose rows must keep coming: each one within the limit of the one before. */
  private final class BoundedResult implements Result {

    private final Result result;

    BoundedResult(Result result) {
      this.result = result;
    }

    @Override
    public Publisher<Long> getRowsUpdated() {
      return bounded(result.getRowsUpdated());
    }

    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
      return bounded(result.map(mapping));
    }

    @Override
    public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
      return bounded(result.map(mapping));
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
      return new BoundedResult(result.filter(filter));
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
      return bounded(result.flatMap(mapping));
    }
  }
}
