package dev.herald.delivery.worker;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A background worker: runs its work once at start and again on every wake-up, one run at a time,
 * with wake-ups that arrive during a run coalesced into one more run. A failed run is logged and
 * the loop goes on. Restartable (Spring may stop and start a context again).
 */
public final class WorkerLoop {

  private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);

  private final String name;
  private final Supplier<Flux<?>> wakeups;
  private final Supplier<Mono<Void>> work;
  private volatile Disposable loop;

  /**
   * @param name what the worker is, for the log
   * @param wakeups the signals and ticks that call for another run
   * @param work one run
   */
  public WorkerLoop(String name, Supplier<Flux<?>> wakeups, Supplier<Mono<Void>> work) {
    this.name = name;
    this.wakeups = wakeups;
    this.work = work;
  }

  public void start() {
    loop =
        Flux.merge(Flux.just((Object) "start"), wakeups.get())
            .onBackpressureLatest()
            .concatMap(
                wakeup ->
                    work.get()
                        .onErrorResume(
                            error -> {
                              log.error(
                                  "{} failed; it will run again on the next wake-up", name, error);
                              return Mono.empty();
                            }),
                1)
            .subscribe();
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
