package dev.herald.delivery.dispatch;

import dev.herald.storage.deliveries.AttemptOutcome;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Records finished attempts in small batches (up to 256, or whatever arrived within 5 ms): one
 * transaction of a few statements for many attempts instead of several round trips each. An
 * attempt's slot is freed only once its batch has committed, so recording keeps pace with sending;
 * a batch that fails leaves its deliveries leased, and the lease brings them back.
 */
@Component
class AttemptRecorder implements SmartLifecycle {

  private static final int BATCH = 256;
  private static final Duration WINDOW = Duration.ofMillis(5);
  private static final Logger log = LoggerFactory.getLogger(AttemptRecorder.class);

  private record Pending(AttemptOutcome outcome, Sinks.One<Void> recorded) {}

  private final DeliveryTransitions transitions;
  private final Sinks.Many<Pending> queue = Sinks.many().unicast().onBackpressureBuffer();
  private volatile Disposable loop;

  AttemptRecorder(DeliveryTransitions transitions) {
    this.transitions = transitions;
  }

  /** Queues an outcome; completes once it is committed (or errors if its batch failed). */
  Mono<Void> record(AttemptOutcome outcome) {
    Sinks.One<Void> recorded = Sinks.one();
    Sinks.EmitResult result;
    synchronized (queue) {
      result = queue.tryEmitNext(new Pending(outcome, recorded));
    }
    if (result.isFailure()) {
      return Mono.error(
          new IllegalStateException("the attempt recorder is not running: " + result));
    }
    return recorded.asMono();
  }

  @Override
  public void start() {
    loop =
        queue.asFlux().bufferTimeout(BATCH, WINDOW, true).flatMap(this::recordBatch, 2).subscribe();
  }

  private Mono<Void> recordBatch(List<Pending> batch) {
    return transitions
        .recordAttempts(batch.stream().map(Pending::outcome).toList())
        .doOnSuccess(done -> batch.forEach(p -> p.recorded().tryEmitEmpty()))
        .onErrorResume(
            error -> {
              log.error(
                  "Could not record {} attempts; their leases will return them",
                  batch.size(),
                  error);
              batch.forEach(p -> p.recorded().tryEmitError(error));
              return Mono.empty();
            });
  }

  @Override
  public void stop() {
    Disposable current = loop;
    if (current != null) {
      current.dispose();
    }
    loop = null;
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }

  /** Running before the dispatcher starts sending and until it has stopped. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 20;
  }
}
