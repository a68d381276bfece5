package dev.herald.delivery.feed;

import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventSignals;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.events.StoredEvent;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The live feed behind SSE: a project's events from a position on, then each new one as it is
 * committed on any Herald instance, in log order, none skipped and none repeated.
 *
 * <p>The live part is shared: all the streams of a project on this instance take their events from
 * one {@link ProjectFeed}, which reads each new batch once. A stream that starts behind the shared
 * feed first reads the log by itself up to where the shared feed is, then takes the rest from it.
 */
@Component
public class LiveEventFeed implements MeterBinder, DisposableBean {

  static final int BATCH = 500;

  /**
   * Where each stream takes what the shared reader hands it: a batch reaches hundreds of streams,
   * and running all their pipelines (encoding, writing) on the event loop that completed the read
   * held up every request on that loop for the whole fan-out. Handed over, the loop only queues the
   * events; the streams' work runs here, one thread per core, and their writes go back to their own
   * connections' loops.
   */
  private final Scheduler handOff =
      Schedulers.newParallel("herald-feed", Runtime.getRuntime().availableProcessors(), true);

  private final EventLog log;
  private final FeedQueries queries;
  private final EventSignals signals;
  private final Duration pollInterval;
  private final Map<String, ProjectFeed> feeds = new HashMap<>();

  public LiveEventFeed(
      EventLog log,
      EventSignals signals,
      @Value("${herald.events.poll-interval:5s}") Duration pollInterval) {
    this.log = log;
    this.queries = new FeedQueries(log);
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
   * cancelled, or until the subscriber falls more than {@code buffer} events behind ({@link
   * FallenBehind}). A signal is the fast path; a poll every {@code herald.events.poll-interval} is
   * the safety net for a lost connection or a transaction that held readers back.
   */
  public Flux<StoredEvent> follow(
      String projectId, EventTypeFilter filter, LogPosition from, int buffer) {
    FeedQueries.TypeQuery types =
        new FeedQueries.TypeQuery(filter.exactTypes(), filter.typePrefixes());
    return Flux.defer(
        () -> {
          AtomicReference<LogPosition> mine = new AtomicReference<>(from);
          LogPosition shared = sharedCursor(projectId);
          // far behind (or first): catch up alone, so the shared feed starts near the log's end
          Flux<StoredEvent> alone =
              shared != null && from.compareTo(shared) >= 0
                  ? Flux.empty()
                  : readUpTo(projectId, types, mine, null);
          return alone.concatWith(Flux.defer(() -> joined(projectId, filter, types, mine, buffer)));
        });
  }

  private Flux<StoredEvent> joined(
      String projectId,
      EventTypeFilter filter,
      FeedQueries.TypeQuery types,
      AtomicReference<LogPosition> mine,
      int buffer) {
    LogPosition caughtUp = mine.get();
    FeedSubscriber subscriber = new FeedSubscriber(filter, caughtUp, buffer);
    ProjectFeed feed;
    LogPosition joinedAt;
    synchronized (feeds) {
      feed = feeds.get(projectId);
      if (feed == null || !feed.isReading()) {
        feed = new ProjectFeed(projectId, caughtUp, queries, wakeups(projectId));
        feeds.put(projectId, feed);
        feed.start();
      }
      joinedAt = feed.join(subscriber);
    }
    ProjectFeed member = feed;
    // the feed hands over everything after joinedAt; what lies between is ours to read
    Flux<StoredEvent> gap =
        caughtUp.compareTo(joinedAt) < 0
            ? readUpTo(projectId, types, mine, joinedAt)
            : Flux.empty();
    // prefetch 1: the stream's bound stays the subscriber's buffer, not that plus a queue here
    return gap.concatWith(subscriber.events().publishOn(handOff, 1))
        .doFinally(signal -> leave(member, subscriber));
  }

  @Override
  public void destroy() {
    handOff.dispose();
  }

  private void leave(ProjectFeed feed, FeedSubscriber subscriber) {
    synchronized (feeds) {
      if (feed.leave(subscriber)) {
        feeds.remove(feed.projectId(), feed);
        feed.stop();
      }
    }
  }

  private LogPosition sharedCursor(String projectId) {
    synchronized (feeds) {
      ProjectFeed feed = feeds.get(projectId);
      return feed == null || !feed.isReading() ? null : feed.cursor();
    }
  }

  private Flux<Object> wakeups(String projectId) {
    return Flux.merge(
        Flux.just((Object) "start"),
        signals.forProject(projectId),
        Flux.interval(pollInterval, pollInterval));
  }

  /**
   * The project's matching events after the cursor, moving it: up to {@code until} (all visible, as
   * it is a shared feed's cursor), or, when {@code null}, up to the end of what is visible now.
   */
  private Flux<StoredEvent> readUpTo(
      String projectId,
      FeedQueries.TypeQuery types,
      AtomicReference<LogPosition> cursor,
      LogPosition until) {
    return Flux.defer(() -> queries.readAfter(projectId, cursor.get(), types, BATCH))
        .collectList()
        .flatMapMany(
            batch -> {
              if (batch.isEmpty()) {
                return Flux.empty();
              }
              Flux<StoredEvent> page =
                  Flux.fromIterable(batch)
                      .takeWhile(event -> until == null || event.position().compareTo(until) <= 0)
                      .doOnNext(event -> cursor.set(event.position()));
              boolean more =
                  batch.size() == BATCH
                      && (until == null
                          || batch.get(batch.size() - 1).position().compareTo(until) < 0);
              return more
                  ? page.concatWith(Flux.defer(() -> readUpTo(projectId, types, cursor, until)))
                  : page;
            });
  }

  /** 10 ms, doubling, at most one second. */
  public static Duration heldBackPause(int round) {
    return Duration.ofMillis(Math.min(1000, 10L << Math.min(round, 7)));
  }

  /**
   * {@code herald.events.feed.reads}: the live feed's reads of the log (one per new batch per
   * project, plus each stream's catching up), and {@code herald.events.feed.projects}: projects
   * with a shared feed on this instance.
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("herald.events.feed.reads", queries, FeedQueries::reads)
        .description("Reads of the event log by the live feed behind SSE")
        .register(registry);
    Gauge.builder("herald.events.feed.projects", this, LiveEventFeed::sharedFeeds)
        .description("Projects with a shared live feed on this instance")
        .register(registry);
  }

  private int sharedFeeds() {
    synchronized (feeds) {
      return feeds.size();
    }
  }
}
