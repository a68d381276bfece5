package dev.herald.delivery.feed;

import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.events.StoredEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The feed's reads of the event log, counted: the shared feed exists to keep this count low. */
final class FeedQueries {

  private final EventLog log;
  private final AtomicLong reads = new AtomicLong();

  FeedQueries(EventLog log) {
    this.log = log;
  }

  Flux<StoredEvent> readAfter(String projectId, LogPosition position, TypeQuery types, int limit) {
    return Flux.defer(
        () -> {
          reads.incrementAndGet();
          return log.readAfter(projectId, position, types.exact(), types.prefixes(), limit);
        });
  }

  Mono<Boolean> hasHeldBack(String projectId, LogPosition position) {
    return Mono.defer(
        () -> {
          reads.incrementAndGet();
          return log.hasHeldBack(projectId, position);
        });
  }

  long reads() {
    return reads.get();
  }

  /** A type filter as the log's queries take it. */
  record TypeQuery(List<String> exact, List<String> prefixes) {

    static final TypeQuery EVERYTHING = new TypeQuery(List.of(), List.of());
  }
}
