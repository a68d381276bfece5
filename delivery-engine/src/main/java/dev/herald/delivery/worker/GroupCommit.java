package dev.herald.delivery.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit: items submitted from many threads are written together, in batches of up to {@code
 * maxBatch}, with at most {@code maxInFlight} batches being written at once. A batch starts as soon
 * as a writer is free (no timer, so a lone item is written at once); while the writers are busy,
 * items gather for the next batch, so batches grow with the load. Each submitter learns when its
 * own item was written, or the error of its batch.
 *
 * <p>Nothing here runs in the background: a batch is started by a submission or by the end of the
 * previous batch. So there is nothing to start or stop, and nothing to be left dead by a stop.
 *
 * @param <T> what is written
 */
public final class GroupCommit<T> {

  private record Pending<T>(T item, Sinks.One<Void> written) {}

  private final Function<List<T>, Mono<Void>> write;
  private final int maxBatch;
  private final int maxInFlight;
  private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param write writes one batch (for example in one transaction)
   * @param maxBatch the most items in one batch
   * @param maxInFlight the most batches being written at once
   */
  public GroupCommit(Function<List<T>, Mono<Void>> write, int maxBatch, int maxInFlight) {
    this.write = write;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /** Completes once the item's batch is written; errors with the batch's error. */
  public Mono<Void> submit(T item) {
    return Mono.defer(
        () -> {
          Sinks.One<Void> written = Sinks.one();
          queue.add(new Pending<>(item, written));
          drain();
          return written.asMono();
        });
  }

  private void drain() {
    while (!queue.isEmpty()) {
      int writers = inFlight.get();
      if (writers >= maxInFlight) {
        return; // a batch in flight will drain again when it ends
      }
      if (!inFlight.compareAndSet(writers, writers + 1)) {
        continue;
      }
      List<Pending<T>> batch = new ArrayList<>();
      for (Pending<T> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
        batch.add(next);
      }
      if (batch.isEmpty()) {
        inFlight.decrementAndGet();
        continue;
      }
      writeBatch(batch);
    }
  }

  private void writeBatch(List<Pending<T>> batch) {
    Mono<Void> written;
    try {
      written = write.apply(batch.stream().map(Pending::item).toList());
    } catch (RuntimeException error) {
      written = Mono.error(error);
    }
    written.subscribe(
        null,
        error -> {
          inFlight.decrementAndGet();
          batch.forEach(p -> p.written().tryEmitError(error));
          drain();
        },
        () -> {
          inFlight.decrementAndGet();
          batch.forEach(p -> p.written().tryEmitEmpty());
          drain();
        });
  }
}
