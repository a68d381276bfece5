package dev.herald.storage.database;

import io.r2dbc.spi.R2dbcTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The limit on every answer the database owes on a {@link BoundedConnection}: past it the call
 * fails with {@link R2dbcTimeoutException}, and what the driver signals for it afterwards is
 * dropped, quietly.
 */
final class AnswerLimit {

  private final Duration limit;

  AnswerLimit(Duration limit) {
    this.limit = limit;
  }

  /**
   * {@code call} with the limit (subscribe once); once nobody waits for it any more (the limit
   * passed or the caller cancelled) its errors are dropped, and {@code unanswered} runs when the
   * limit passes.
   */
  <T> Flux<T> bounded(Publisher<T> call, Runnable unanswered) {
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

  /** The limit in milliseconds, for messages. */
  long toMillis() {
    return limit.toMillis();
  }

  private R2dbcTimeoutException timedOut(TimeoutException cause) {
    return new R2dbcTimeoutException(
        "No answer from the database within " + limit.toMillis() + " ms", cause);
  }
}
