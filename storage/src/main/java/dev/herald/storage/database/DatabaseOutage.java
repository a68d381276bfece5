package dev.herald.storage.database;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.ValidationDepth;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells a failure that means "the database is away" (refused, closed, timed out) from any other,
 * and keeps the log of an outage to a few lines: a warning at the first refusal, a count every
 * {@link #SUMMARY_EVERY}, and a line when the database answers again (found by probing it while it
 * is away), instead of a stack trace per call.
 */
public class DatabaseOutage implements DisposableBean {

  /** How often an outage's refusals are counted in the log. */
  static final Duration SUMMARY_EVERY = Duration.ofSeconds(10);

  private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

  /** Why the database could not serve a call; {@code timedOut} when it did not answer in time. */
  public record Unavailable(boolean timedOut, String reason) {}

  private record Outage(long startedNanos, Disposable probe) {}

  private final ConnectionFactory connections;
  private final Duration probeTimeout;
  private final AtomicReference<Outage> current = new AtomicReference<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong refusedInWindow = new AtomicLong();
  private final AtomicLong lastSummaryNanos = new AtomicLong();

  public DatabaseOutage(ConnectionFactory connections, Duration probeTimeout) {
    this.connections = connections;
    this.probeTimeout = probeTimeout;
  }

  /** Whether {@code error} (or a cause of it) says the database is unreachable or too slow. */
  public static Optional<Unavailable> classify(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      Optional<Unavailable> found = classifyOne(cause);
      if (found.isPresent()) {
        return found;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return Optional.empty();
  }

  private static Optional<Unavailable> classifyOne(Throwable cause) {
    String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (cause instanceof R2dbcTimeoutException || cause instanceof SQLTimeoutException) {
      return Optional.of(new Unavailable(true, reason));
    }
    if (cause instanceof R2dbcNonTransientResourceException
        || cause instanceof R2dbcTransientResourceException
        || cause instanceof SQLTransientConnectionException
        || cause instanceof ConnectException
        || cause instanceof ClosedChannelException) {
      return Optional.of(new Unavailable(false, reason));
    }
    String state =
        cause instanceof R2dbcException r2dbc
            ? r2dbc.getSqlState()
            : cause instanceof SQLException sql ? sql.getSQLState() : null;
    if (state == null) {
      return Optional.empty();
    }
    if (state.equals("57014")) { // query_canceled: the server's statement_timeout
      return Optional.of(new Unavailable(true, reason));
    }
    // connection exceptions, a server shutting down or starting, too many connections
    if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
      return Optional.of(new Unavailable(false, reason));
    }
    return Optional.empty();
  }

  /** Counts a call refused for {@code unavailable}; the first of an outage is logged. */
  public void refused(Unavailable unavailable) {
    refused.incrementAndGet();
    refusedInWindow.incrementAndGet();
    if (current.get() != null) {
      return;
    }
    Outage started = new Outage(System.nanoTime(), null);
    if (!current.compareAndSet(null, started)) {
      return;
    }
    lastSummaryNanos.set(started.startedNanos());
    log.warn("database unavailable: {}", unavailable.reason());
    Disposable probe =
        Flux.interval(PROBE_EVERY)
            .onBackpressureDrop() // a probe may outlast a tick
            .concatMap(tick -> answers().map(up -> up ? tick : -1L))
            .subscribe(tick -> checked(started, tick));
    if (!current.compareAndSet(started, new Outage(started.startedNanos(), probe))) {
      probe.dispose();
    }
  }

  /** Whether an outage is going on (a call was refused and the database has not answered since). */
  public boolean isOngoing() {
    return current.get() != null;
  }

  private void checked(Outage started, long tick) {
    long seconds = Duration.ofNanos(System.nanoTime() - started.startedNanos()).toSeconds();
    if (tick >= 0) {
      Outage ended = current.getAndSet(null);
      if (ended != null && ended.probe() != null) {
        ended.probe().dispose();
      }
      log.info(
          "database reachable again after {} s ({} calls refused)", seconds, refused.getAndSet(0));
      refusedInWindow.set(0);
      return;
    }
    long now = System.nanoTime();
    if (now - lastSummaryNanos.get() >= SUMMARY_EVERY.toNanos()) {
      lastSummaryNanos.set(now);
      long count = refusedInWindow.getAndSet(0);
      log.warn(
          "database still unavailable: {} calls refused in the last {} s",
          count,
          SUMMARY_EVERY.toSeconds());
    }
  }

  /**
   * One round trip to the database on a connection of the pool, bounded by the probe timeout
   * ({@code herald.database.health-timeout}): whether the connection is valid, or the error that
   * stopped it ({@link java.util.concurrent.TimeoutException} when no answer came in time).
   */
  public Mono<Boolean> validate() {
    return Mono.usingWhen(
            connections.create(),
            (Connection c) -> Mono.from(c.validate(ValidationDepth.REMOTE)),
            Connection::close)
        .timeout(probeTimeout);
  }

  /** Whether the database answers a round trip within the probe timeout (never an error). */
  public Mono<Boolean> answers() {
    return validate().onErrorReturn(false).defaultIfEmpty(false);
  }

  @Override
  public void destroy() {
    Outage ended = current.getAndSet(null);
    if (ended != null && ended.probe() != null) {
      ended.probe().dispose();
    }
  }
}
