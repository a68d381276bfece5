package dev.herald.delivery.feed;

import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventSignals;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.events.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The live feed behind SSE: a project's events from a position on, then each new one as it is
 * committed on any Herald instance, in log order, none skipped and none repeated.
 */
@Component
public class LiveEventFeed {

  static final int BATCH = 500;

  private final EventLog log;
  private final EventSignals signals;
  private final Duration pollInterval;

  public LiveEventFeed(
      EventLog log,
      EventSignals signals,
      @Value("${herald.events.poll-interval:5s}") Duration pollInterval) {
    this.log = log;
    this.signals = signals;
    this.pollInterval = pollInterval;
  }

  /** The position to follow from to see only what is committed from now on. */
  public Mono<LogPosition> now() {
    return log.head();
  }

  /** The position of one of the project's events, by sequence; empty if it has no such event. */
  public Mono<LogPosition> positionOf(String projectId, long sequence) {
    return log.findBySequence(projectId, sequence).map(StoredEvent::position);
  }

  /** The position of one of the project's events, by id; empty if it has no such event. */
  public Mono<LogPosition> positionOf(String projectId, String eventId) {
    return log.find(projectId, eventId).map(StoredEvent::position);
  }

  /**
   * The project's matching events after {@code from}, then new ones as they commit; endless until
   * cancelled. A signal is the fast path; a poll every {@code herald.events.poll-interval} is the
   * safety net for a lost connection or a transaction that held readers back.
   */
  public Flux<StoredEvent> follow(String projectId, EventTypeFilter filter, LogPosition from) {
    List<String> exact = filter.exactTypes();
    List<String> prefixes = filter.typePrefixes();
    return Flux.defer(
        () -> {
          AtomicReference<LogPosition> cursor = new AtomicReference<>(from);
          Flux<Object> wakeups =
              Flux.merge(
                      Flux.just((Object) "start"),
                      signals.forProject(projectId),
                      Flux.interval(pollInterval, pollInterval))
                  .onBackpressureLatest();
          return wakeups.concatMap(
              wakeup -> drainUntilVisible(projectId, exact, prefixes, cursor, 0), 1);
        });
  }

  /**
   * Drains, then, while committed-but-not-yet-visible events wait behind a running transaction
   * (their signal has already come), reads again after a short, growing pause.
   */
  private Flux<StoredEvent> drainUntilVisible(
      String projectId,
      List<String> exact,
      List<String> prefixes,
      AtomicReference<LogPosition> cursor,
      int round) {
    LogPosition before = cursor.get();
    return drain(projectId, exact, prefixes, cursor)
        .concatWith(
            Flux.defer(
                () ->
                    log.hasHeldBack(projectId, cursor.get())
                        .flatMapMany(
                            held -> {
                              // progress resets the pause; waiting on one transaction grows it
                              int next = cursor.get().equals(before) ? round + 1 : 0;
                              return held
                                  ? Mono.delay(heldBackPause(next))
                                      .thenMany(
                                          drainUntilVisible(
                                              projectId, exact, prefixes, cursor, next))
                                  : Flux.<StoredEvent>empty();
                            })));
  }

  /** 10 ms, doubling, at most one second. */
  public static Duration heldBackPause(int round) {
    return Duration.ofMillis(Math.min(1000, 10L << Math.min(round, 7)));
  }

  private Flux<StoredEvent> drain(
      String projectId,
      List<String> exact,
      List<String> prefixes,
      AtomicReference<LogPosition> cursor) {
    return log.readAfter(projectId, cursor.get(), exact, prefixes, BATCH)
        .collectList()
        .flatMapMany(
            batch -> {
              if (batch.isEmpty()) {
                return Flux.empty();
              }
              cursor.set(batch.get(batch.size() - 1).position());
              Flux<StoredEvent> page = Flux.fromIterable(batch);
              return batch.size() < BATCH
                  ? page
                  : page.concatWith(Flux.defer(() -> drain(projectId, exact, prefixes, cursor)));
            });
  }
}
