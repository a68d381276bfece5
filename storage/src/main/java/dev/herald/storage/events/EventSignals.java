package dev.herald.storage.events;

import dev.herald.storage.database.DatabaseProperties;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Tells every Herald instance when events or deliveries have been committed.
 *
 * <p>Writers call {@link #eventsCommitted} or {@link #deliveriesCreated} inside their transaction;
 * the signal fires after the commit (never for a rollback): at once on this instance, and to the
 * others through PostgreSQL {@code NOTIFY}, sent after the commit from a connection of its own and
 * coalesced over a few milliseconds. (A {@code NOTIFY} inside the writing transaction would
 * serialise every writer's commit on PostgreSQL's notification lock.) Listening uses one dedicated
 * connection, re-established when it drops, after which every listener is woken since signals may
 * have been missed. Opening it and its {@code LISTEN} are bounded ({@code
 * herald.database.connect-timeout}, and the answer limit of a statement), since a database that
 * accepts a connection and then says nothing would otherwise hold the listener forever; past the
 * bound the connection is dropped and made again, backing off up to 5 s.
 */
@Component
public class EventSignals implements SmartLifecycle {

  /** The signal sent after a reconnect, when notifications may have been missed. */
  public static final String ALL_PROJECTS = "*";

  static final String EVENTS = "herald_events";
  static final String DELIVERIES = "herald_deliveries";
  private static final Duration COALESCE = Duration.ofMillis(5);
  private static final int MAX_PAYLOAD = 7000;
  private static final Logger log = LoggerFactory.getLogger(EventSignals.class);

  private record Signal(String channel, String payload) {}

  private static final Signal RECONNECTED = new Signal("*", ALL_PROJECTS);

  private final ConnectionFactory listenerConnections;
  private final DatabaseClient db;
  private final Duration connectBound;
  private final Duration answerBound;
  private final Sinks.Many<Signal> signals = Sinks.many().multicast().directBestEffort();
  // a fresh queue per start: a context may be stopped and started again (Spring pauses unused test
  // contexts), and a unicast queue whose consumer was cancelled refuses everything after
  private volatile Sinks.Many<Signal> outgoing = Sinks.many().unicast().onBackpressureBuffer();
  private volatile Disposable listening;
  private volatile Disposable notifying;
  private volatile boolean lost;
  private final AtomicReference<Mono<Connection>> attempt = new AtomicReference<>();

  public EventSignals(
      ConnectionFactory connectionFactory, DatabaseClient db, DatabaseProperties database) {
    this.listenerConnections = unwrapPool(connectionFactory);
    this.db = db;
    this.connectBound = database.connectTimeout();
    this.answerBound = database.answerTimeout();
  }

  /** Signals for one project: the project id, or {@link #ALL_PROJECTS} after a reconnect. */
  public Flux<String> forProject(String projectId) {
    return events().filter(project -> project.equals(projectId) || project.equals(ALL_PROJECTS));
  }

  /** Signals for any project's events: a project id, or {@link #ALL_PROJECTS}. */
  public Flux<String> events() {
    return signals
        .asFlux()
        .filter(signal -> signal == RECONNECTED || signal.channel().equals(EVENTS))
        .flatMapIterable(signal -> Arrays.asList(signal.payload().split(",")));
  }

  /** A signal whenever deliveries were created or made due (or after a reconnect). */
  public Flux<Object> deliveries() {
    return signals
        .asFlux()
        .filter(signal -> signal == RECONNECTED || signal.channel().equals(DELIVERIES))
        .cast(Object.class);
  }

  /** Signals, once the caller's transaction commits (or now, outside one), new events. */
  public Mono<Void> eventsCommitted(String projectId) {
    return afterCommit(new Signal(EVENTS, projectId));
  }

  /** Signals, once the caller's transaction commits (or now), deliveries due. */
  public Mono<Void> deliveriesCreated() {
    return afterCommit(new Signal(DELIVERIES, ""));
  }

  private Mono<Void> afterCommit(Signal signal) {
    return TransactionSynchronizationManager.forCurrentTransaction()
        .filter(TransactionSynchronizationManager::isSynchronizationActive)
        .doOnNext(
            transaction ->
                transaction.registerSynchronization(
                    new TransactionSynchronization() {
                      @Override
                      public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(() -> emit(signal));
                      }
                    }))
        .onErrorResume(NoTransactionException.class, none -> Mono.empty())
        .switchIfEmpty(Mono.fromRunnable(() -> emit(signal)).then(Mono.empty()))
        .then();
  }

  private void emit(Signal signal) {
    // commits end on many threads at once: serialise the emissions (signals are wake-ups, so one
    // emitted from within another is redundant and may be dropped)
    publish(signal);
    Sinks.Many<Signal> current = outgoing;
    synchronized (current) {
      current.tryEmitNext(signal);
    }
  }

  private void publish(Signal signal) {
    synchronized (signals) {
      signals.tryEmitNext(signal);
    }
  }

  @Override
  public void start() {
    Sinks.Many<Signal> fresh = Sinks.many().unicast().onBackpressureBuffer();
    outgoing = fresh;
    notifying =
        fresh
            .asFlux()
            .bufferTimeout(512, COALESCE, true)
            .concatMap(batch -> Flux.fromIterable(coalesce(batch)).concatMap(this::notifyOthers))
            .subscribe();
    listening =
        Flux.usingWhen(
                connect(),
                this::listen,
                this::close,
                (connection, error) -> close(connection),
                this::close)
            .retryWhen(
                // transient: each outage starts again at the short delay
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                    .maxBackoff(Duration.ofSeconds(5))
                    .transientErrors(true)
                    .doBeforeRetry(this::reconnecting))
            .repeat()
            .subscribe(this::publish);
  }

  // an outage in two lines, not one per attempt: the loss, and the reconnect (RECONNECTED)
  private void reconnecting(Retry.RetrySignal retry) {
    if (retry.totalRetriesInARow() == 0) {
      lost = true;
      log.warn("Lost the signal connection, reconnecting: {}", retry.failure().toString());
    } else {
      log.debug("Signal connection not yet back: {}", retry.failure().toString());
    }
  }

  /** One NOTIFY per channel for a batch: the distinct payloads, comma-joined. */
  static List<Signal> coalesce(List<Signal> batch) {
    Set<String> projects = new LinkedHashSet<>();
    boolean deliveries = false;
    for (Signal signal : batch) {
      if (signal.channel().equals(EVENTS)) {
        projects.add(signal.payload());
      } else {
        deliveries = true;
      }
    }
    List<Signal> notifications = new java.util.ArrayList<>();
    if (!projects.isEmpty()) {
      String joined = String.join(",", projects);
      notifications.add(new Signal(EVENTS, joined.length() > MAX_PAYLOAD ? ALL_PROJECTS : joined));
    }
    if (deliveries) {
      notifications.add(new Signal(DELIVERIES, ""));
    }
    return notifications;
  }

  private Mono<Void> notifyOthers(Signal signal) {
    return db.sql("SELECT pg_notify(:channel, :payload)")
        .bind("channel", signal.channel())
        .bind("payload", signal.payload())
        .then()
        .onErrorResume(
            error -> {
              log.warn("Could not notify other instances: {}", error.toString());
              return Mono.empty();
            });
  }

  /**
   * The listening connection, within the connect bound (TCP, the handshake, the driver's set-up).
   * An attempt that outlives the bound is not abandoned but waited on again at the next try: the
   * driver does not close a connection it was cancelled before handing over, so a server that
   * accepts and never answers would otherwise cost one open socket per try (and, if it answers
   * later, a session nobody closes). One attempt at a time; the next starts when it fails.
   */
  private Mono<Connection> connect() {
    return Mono.defer(
        () -> {
          Mono<Connection> current = attempt.updateAndGet(a -> a != null ? a : newAttempt());
          return current
              .timeout(connectBound)
              .doOnSuccess(connection -> attempt.compareAndSet(current, null))
              .doOnError(
                  error -> {
                    if (!(error instanceof TimeoutException)) {
                      attempt.compareAndSet(current, null);
                    }
                  })
              .onErrorMap(
                  TimeoutException.class,
                  timeout ->
                      new R2dbcTimeoutException(
                          "No signal connection within " + connectBound.toMillis() + " ms",
                          timeout));
        });
  }

  /** A connection being made, whoever waits for it (it is never cancelled). */
  private Mono<Connection> newAttempt() {
    Sinks.One<Connection> made = Sinks.one();
    Mono.<Connection>from(listenerConnections.create())
        .subscribe(made::tryEmitValue, made::tryEmitError);
    return made.asMono();
  }

  /** Closes without waiting on a database that may not answer. */
  private Mono<Void> close(Connection connection) {
    return Mono.from(connection.close()).timeout(connectBound).onErrorComplete();
  }

  private Flux<Signal> listen(Connection connection) {
    if (!(connection instanceof PostgresqlConnection postgres)) {
      return Flux.error(new IllegalStateException("signals need PostgreSQL, got " + connection));
    }
    return postgres
        .createStatement("LISTEN " + EVENTS + "; LISTEN " + DELIVERIES)
        .execute()
        .flatMap(result -> result.getRowsUpdated())
        .then()
        .timeout(answerBound)
        .onErrorMap(
            TimeoutException.class,
            timeout ->
                new R2dbcTimeoutException(
                    "No answer to LISTEN within " + answerBound.toMillis() + " ms", timeout))
        .thenMany(
            Flux.concat(
                Mono.fromSupplier(this::reconnected),
                postgres
                    .getNotifications()
                    .map(
                        n ->
                            new Signal(
                                n.getName(),
                                n.getParameter() == null ? ALL_PROJECTS : n.getParameter()))));
  }

  private Signal reconnected() {
    if (lost) {
      lost = false;
      log.info("Signal connection re-established");
    }
    return RECONNECTED;
  }

  @Override
  public void stop() {
    for (Disposable current : new Disposable[] {listening, notifying}) {
      if (current != null) {
        current.dispose();
      }
    }
    listening = null;
    notifying = null;
    // an attempt still under way is nobody's now: its connection, if it comes, is closed
    Mono<Connection> left = attempt.getAndSet(null);
    if (left != null) {
      left.flatMap(this::close).subscribe(done -> {}, error -> {});
    }
  }

  @Override
  public boolean isRunning() {
    return listening != null && !listening.isDisposed();
  }

  private static ConnectionFactory unwrapPool(ConnectionFactory factory) {
    // LISTEN holds its connection for good: take it beside the pool, not out of it.
    ConnectionFactory current = factory;
    while (current instanceof Wrapped<?> wrapped
        && wrapped.unwrap() instanceof ConnectionFactory inner) {
      current = inner;
    }
    return current;
  }
}
