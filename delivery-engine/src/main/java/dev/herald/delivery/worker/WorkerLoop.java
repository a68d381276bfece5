package dev.herald.delivery.worker;

import dev.herald.storage.database.DatabaseOutage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A background worker: runs its work once at start and again on every wake-up, one run at a time,
 * with wake-ups that arrive during a run coalesced into one more run. A failed run is logged and
 * the loop goes on. While the database is away the loop backs off (up to {@link #MAX_BACKOFF}
 * between runs) and logs the outage once, and once more when a run succeeds again, instead of a
 * stack trace per run. A run that outlasts its bound ({@link #RUN_TIMEOUT} by default) is cancelled
 * and the loop goes on: a database call that never answers would otherwise hold the loop for ever,
 * silently (the wake-ups behind it are coalesced, never delivered). Restartable (Spring may stop
 * and start a context again).
 */
public final class WorkerLoop {

  static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

  /** The longest one run may take before it is cancelled and the loop goes on. */
  public static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  private final String name;
  private final Supplier<Flux<?>> wakeups;
  private final Supplier<Mono<Void>> work;
  private final Duration runTimeout;
  private final Sinks.Many<Object> again = Sinks.many().multicast().directBestEffort();
  private volatile Disposable loop;
  // the outage this loop is in: when it began (0 = none) and the wait before the next run
  private long outageStartedNanos;
  private Duration backoff = MIN_BACKOFF;

  /**
   * @param name what the worker is, for the log
   * @param wakeups the signals and ticks that call for another run
   * @param work one run
   */
  public WorkerLoop(String name, Supplier<Flux<?>> wakeups, Supplier<Mono<Void>> work) {
    this(name, wakeups, work, RUN_TIMEOUT);
  }

  /** A loop whose runs are cancelled after {@code runTimeout}. */
  public WorkerLoop(
      String name, Supplier<Flux<?>> wakeups, Supplier<Mono<Void>> work, Duration runTimeout) {
    this.name = name;
    this.wakeups = wakeups;
    this.work = work;
    this.runTimeout = runTimeout;
  }

  public void start() {
    loop =
        Flux.merge(Flux.just((Object) "start"), again.asFlux(), wakeups.get())
            .onBackpressureLatest()
            .concatMap(
                wakeup ->
                    Mono.defer(work)
                        .timeout(runTimeout)
                        .then(Mono.fromRunnable(this::succeeded))
                        .onErrorResume(this::failed),
                1)
            .subscribe();
  }

  // runs are one at a time (concatMap): the outage fields are only touched by one run at once
  private void succeeded() {
    if (outageStartedNanos != 0) {
      log.info(
          "{}: database reachable again after {} s",
          name,
          Duration.ofNanos(System.nanoTime() - outageStartedNanos).toSeconds());
      outageStartedNanos = 0;
      backoff = MIN_BACKOFF;
    }
  }

  private Mono<Void> failed(Throwable error) {
    if (error instanceof TimeoutException) {
      log.warn(
          "{} did not finish a run within {}; cancelled, it will run again on the next wake-up",
          name,
          runTimeout);
      return Mono.empty();
    }
    Optional<DatabaseOutage.Unavailable> unavailable = DatabaseOutage.classify(error);
    if (unavailable.isEmpty()) {
      log.error("{} failed; it will run again on the next wake-up", name, error);
      return Mono.empty();
    }
    if (outageStartedNanos == 0) {
      outageStartedNanos = System.nanoTime();
      log.warn(
          "{}: database unavailable: {}; retrying with backoff up to {} s",
          name,
          unavailable.get().reason(),
          MAX_BACKOFF.toSeconds());
    } else {
      log.debug("{}: database still unavailable: {}", name, unavailable.get().reason());
    }
    Duration wait = backoff;
    backoff =
        backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    // wake-ups during the wait coalesce into the one run after it
    return Mono.delay(wait).then();
  }

  /**
   * Asks for one more run: at once when idle, otherwise after the current run (coalesced with the
   * other wake-ups). Safe from any thread; nothing happens while the loop is stopped.
   */
  public void runAgain() {
    // callers on many threads at once: serialise the emissions (a concurrent one may be dropped)
    synchronized (again) {
      again.tryEmitNext("again");
    }
  }

  /** Asks for one more run after {@code delay}. */
  public void runAgainAfter(Duration delay) {
    // a delay refused because the scheduler is shutting down needs no run and no stack trace
    Mono.delay(delay).subscribe(tick -> runAgain(), refused -> {});
  }

  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
    loop = null;
  }

  public boolean isRunning() {
    Disposable current = loop;
    return current != null && !current.isDisposed();
  }
}
