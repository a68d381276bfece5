package dev.herald.storage.events;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;

/**
 * Tells this instance when any instance has committed new events: PostgreSQL {@code LISTEN
 * herald_events} on one dedicated connection, re-established when it drops.
 */
@Component
public class EventSignals implements SmartLifecycle {

  /** The signal sent after a reconnect, when notifications may have been missed. */
  public static final String ALL_PROJECTS = "*";

  static final String EVENTS = "herald_events";
  static final String DELIVERIES = "herald_deliveries";
  private static final Logger log = LoggerFactory.getLogger(EventSignals.class);

  private record Signal(String channel, String payload) {}

  private static final Signal RECONNECTED = new Signal("*", ALL_PROJECTS);

  private final ConnectionFactory connectionFactory;
  private final Sinks.Many<Signal> signals = Sinks.many().multicast().directBestEffort();
  private volatile Disposable listening;

  public EventSignals(ConnectionFactory connectionFactory) {
    this.connectionFactory = unwrapPool(connectionFactory);
  }

  /** Signals for one project: the project id, or {@link #ALL_PROJECTS} after a reconnect. */
  public Flux<String> forProject(String projectId) {
    return events().filter(project -> project.equals(projectId) || project.equals(ALL_PROJECTS));
  }

  /** Signals for any project's events: the project id, or {@link #ALL_PROJECTS}. */
  public Flux<String> events() {
    return signals
        .asFlux()
        .filter(signal -> signal == RECONNECTED || signal.channel().equals(EVENTS))
        .map(Signal::payload);
  }

  /** A signal whenever deliveries were created (or after a reconnect). */
  public Flux<Object> deliveries() {
    return signals
        .asFlux()
        .filter(signal -> signal == RECONNECTED || signal.channel().equals(DELIVERIES))
        .cast(Object.class);
  }

  @Override
  public void start() {
    listening =
        Flux.usingWhen(
                Mono.from(connectionFactory.create()),
                this::listen,
                Connection::close,
                (connection, error) -> connection.close(),
                Connection::close)
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100))
                    .maxBackoff(Duration.ofSeconds(5))
                    .doBeforeRetry(
                        retry ->
                            log.warn(
                                "Lost the event signal connection, reconnecting: {}",
                                retry.failure().toString())))
            .repeat()
            .subscribe(signals::tryEmitNext);
  }

  private Flux<Signal> listen(Connection connection) {
    if (!(connection instanceof PostgresqlConnection postgres)) {
      return Flux.error(
          new IllegalStateException("event signals need PostgreSQL, got " + connection));
    }
    return postgres
        .createStatement("LISTEN " + EVENTS + "; LISTEN " + DELIVERIES)
        .execute()
        .flatMap(result -> result.getRowsUpdated())
        .thenMany(
            Flux.concat(
                Mono.just(RECONNECTED),
                postgres
                    .getNotifications()
                    .map(
                        n ->
                            new Signal(
                                n.getName(),
                                n.getParameter() == null ? ALL_PROJECTS : n.getParameter()))));
  }

  @Override
  public void stop() {
    Disposable current = listening;
    if (current != null) {
      current.dispose();
    }
    listening = null;
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
