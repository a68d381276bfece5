package dev.herald.delivery.worker;

import java.time.Duration;
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
 * the loop goes on; so is a run that outlasts {@link #RUN_TIMEOUT} (a database call that never
 * answers would otherwise hold the loop for ever, silently: the wake-ups behind it are coalesced,
 * never delivered). Restartable (Spring may stop and start a context again).
 */
public final class WorkerLoop {

  private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

  /** The longest one run may take before it is cancelled and the loop goes on. */
  public static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

  private final String name;
  private final Supplier<Flux<?>> wakeups;
  private final Supplier<Mono<Void>> work;
  private final Duration runTimeout;
  private final Sinks.Many<Object> again = Sinks.many().multicast().directBestEffort();
  private volatile Disposable loop;

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
                        .onErrorResume(
                            error -> {
                              if (error instanceof TimeoutException) {
                                log.warn(
                                    "{} did not finish a run within {}; cancelled, it will run"
                                        + " again on the next wake-up",
                                    name,
                                    runTimeout);
                              } else {
                                log.error(
                                    "{} failed; it will run again on the next wake-up",
                                    name,
                                    error);
                              }
                              return Mono.empty();
                            }),
                1)
            .subscribe();
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
    Mono.delay(delay).subscribe(tick -> runAgain());
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
