package dev.herald.storage.batching;

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
 * items gather for the next batch, so batches grow with the load. Each submitter gets its own
 * item's result once the batch is written, or the batch's error.
 *
 * <p>Nothing here runs in the background: a batch is started by a submission or by the end of the
 * previous batch. So there is nothing to start or stop, and nothing to be left dead by a stop.
 *
 * @param <T> what is written
 * @param <R> what writing one item gives back
 */
public final class GroupCommit<T, R> {

  private record Pending<T, R>(T item, Sinks.One<R> written) {}

  private final Function<List<T>, Mono<List<R>>> write;
  private final int maxBatch;
  private final int maxInFlight;
  private final Queue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param write writes one batch (for example in one transaction); emits the items' results in the
   *     items' order (a shorter list, or none, leaves the rest without a result)
   * @param maxBatch the most items in one batch
   * @param maxInFlight the most batches being written at once
   */
  public GroupCommit(Function<List<T>, Mono<List<R>>> write, int maxBatch, int maxInFlight) {
    this.write = write;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Writes an item with others; emits its result (or completes empty) once its batch is written.
   */
  public Mono<R> submit(T item) {
    return Mono.defer(
        () -> {
          Sinks.One<R> written = Sinks.one();
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
      List<Pending<T, R>> batch = new ArrayList<>();
      for (Pending<T, R> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
        batch.add(next);
      }
      if (batch.isEmpty()) {
        inFlight.decrementAndGet();
        continue;
      }
      writeBatch(batch);
    }
  }

  private void writeBatch(List<Pending<T, R>> batch) {
    Mono<List<R>> written;
    try {
      written = write.apply(batch.stream().map(Pending::item).toList());
    } catch (RuntimeException error) {
      written = Mono.error(error);
    }
    written
        .defaultIfEmpty(List.of())
        .subscribe(
            results -> {
              inFlight.decrementAndGet();
              for (int i = 0; i < batch.size(); i++) {
                R result = i < results.size() ? results.get(i) : null;
                Sinks.One<R> sink = batch.get(i).written();
                if (result == null) {
                  sink.tryEmitEmpty();
                } else {
                  sink.tryEmitValue(result);
                }
              }
              drain();
            },
            error -> {
              inFlight.decrementAndGet();
              batch.forEach(p -> p.written().tryEmitError(error));
              drain();
            });
  }
}
