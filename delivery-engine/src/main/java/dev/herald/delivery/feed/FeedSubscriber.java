package dev.herald.delivery.feed;

import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.events.StoredEvent;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One stream's place in a {@link ProjectFeed}: the events of each shared batch that match its types
 * and come after what the stream has already read by itself, buffered up to a bound until the
 * stream takes them. Offered to by the feed's reader only, one batch after another.
 */
final class FeedSubscriber {

  private final EventTypeFilter filter;
  private final LogPosition after;
  private final int capacity;
  private final Sinks.Many<StoredEvent> sink;
  private boolean ended;

  FeedSubscriber(EventTypeFilter filter, LogPosition after, int capacity) {
    this.filter = filter;
    this.after = after;
    this.capacity = capacity;
    this.sink = Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(capacity));
  }

  /** What the feed has handed over, in order; the buffered rest before any error. */
  Flux<StoredEvent> events() {
    return sink.asFlux();
  }

  void offer(List<StoredEvent> batch) {
    for (StoredEvent event : batch) {
      if (ended) {
        return;
      }
      // events the stream has read already take no room in its buffer
      if (event.position().compareTo(after) > 0 && filter.matches(event.event().type())) {
        Sinks.EmitResult result = sink.tryEmitNext(event);
        // a full buffer reads as FAIL_ZERO_SUBSCRIBER while the stream still catches up alone
        if (result == Sinks.EmitResult.FAIL_OVERFLOW
            || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
          fail(new FallenBehind(capacity));
        } else if (result.isFailure()) {
          ended = true;
        }
      }
    }
  }

  void fail(Throwable error) {
    ended = true;
    sink.tryEmitError(error);
  }
}
