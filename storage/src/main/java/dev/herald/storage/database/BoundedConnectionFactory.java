package dev.herald.storage.database;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The application's connections with client-side limits on taking one from the pool and on every
 * answer the database owes: a frozen PostgreSQL (stopped, swapped out, a network that drops
 * packets) enforces no {@code statement_timeout} of its own, and the driver would wait for it
 * forever. Past the limit the call fails with {@link R2dbcTimeoutException}. Closing (handing a
 * connection back to the pool) is not limited: a connection given up on would leak from the pool.
 *
 * <p>A connection that let a call go unanswered is done for ({@link BoundedConnection}): so an
 * outage costs one wait per connection, not one per statement, and the transaction managers do not
 * report their rollback as a second failure. What the driver signals for a call after it was given
 * up on (an error when the session ends, say) reaches no one and is dropped, quietly ({@link
 * AnswerLimit}).
 */
final class BoundedConnectionFactory
    implements ConnectionFactory, Wrapped<ConnectionFactory>, Disposable {

  private final ConnectionFactory delegate;
  private final Duration acquireLimit;
  private final AnswerLimit limit;

  /**
   * @param acquireLimit to get a connection from the pool (the pool's own limit must be off: see
   *     {@link #create})
   * @param limit for every answer on a connection
   */
  BoundedConnectionFactory(ConnectionFactory delegate, Duration acquireLimit, Duration limit) {
    this.delegate = delegate;
    this.acquireLimit = acquireLimit;
    this.limit = new AnswerLimit(limit);
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
              .map(connection -> new BoundedConnection(connection, limit));
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
}
