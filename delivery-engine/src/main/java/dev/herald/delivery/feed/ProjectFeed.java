package dev.herald.delivery.feed;

import dev.herald.storage.database.DatabaseOutage;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.events.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One project's live feed on this instance: a single reader follows the project's log and hands
 * each newly visible batch to every subscribed stream, so a batch costs one read however many
 * streams watch it.
 *
 * <p>{@link #cursor} is the last position handed over: every subscriber has been given every event
 * after the position it joined at. Joining returns the cursor under the same lock that moves it, so
 * a joiner either gets a batch from the feed or finds it below the cursor it joined at, never
 * neither and never both. Every event at or below the cursor is visible (the reader only sees
 * events whose transaction and all older ones have ended), which is what lets a joiner read up to
 * it by itself.
 */
final class ProjectFeed {

  private final String projectId;
  private final FeedQueries log;
  private final Flux<?> wakeups;
  private final List<FeedSubscriber> subscribers = new ArrayList<>();
  private volatile LogPosition cursor;
  private volatile boolean reading;
  private Disposable reader;

  ProjectFeed(String projectId, LogPosition start, FeedQueries log, Flux<?> wakeups) {
    this.projectId = projectId;
    this.cursor = start;
    this.log = log;
    this.wakeups = wakeups;
  }

  String projectId() {
    return projectId;
  }

  synchronized void start() {
    reading = true;
    reader =
        wakeups
            .onBackpressureLatest()
            .concatMap(
                wakeup ->
                    drainUntilVisible(0)
                        // the database away for a while: the streams stay open and the next
                        // wake-up (a poll, or the signal connection's return) reads on from the
                        // cursor; the outage is logged by the workers and requests that meet it
                        .onErrorResume(
                            error -> DatabaseOutage.classify(error).isPresent(),
                            error -> Mono.empty()),
                1)
            .subscribe(null, this::fail);
  }

  synchronized void stop() {
    reading = false;
    if (reader != null) {
      reader.dispose();
    }
  }

  /**
   * Whether the reader still runs: it outlives the database being unavailable, and stops for good
   * on any other failed read.
   */
  boolean isReading() {
    return reading;
  }

  LogPosition cursor() {
    return cursor;
  }

  /** Subscribes; returns the position after which the feed will hand over every event. */
  synchronized LogPosition join(FeedSubscriber subscriber) {
    subscribers.add(subscriber);
    return cursor;
  }

  /** Unsubscribes; returns whether no subscriber is left. */
  synchronized boolean leave(FeedSubscriber subscriber) {
    subscribers.remove(subscriber);
    return subscribers.isEmpty();
  }

  /**
   * Drains, then, while committed-but-not-yet-visible events wait behind a running transaction
   * (their signal has already come), reads again after a short, growing pause.
   */
  private Mono<Void> drainUntilVisible(int round) {
    LogPosition before = cursor;
    return drain()
        .then(
            Mono.defer(
                () ->
                    log.hasHeldBack(projectId, cursor)
                        .flatMap(
                            held -> {
                              // progress resets the pause; waiting on one transaction grows it
                              int next = cursor.equals(before) ? round + 1 : 0;
                              return held
                                  ? Mono.delay(LiveEventFeed.heldBackPause(next))
                                      .then(Mono.defer(() -> drainUntilVisible(next)))
                                  : Mono.<Void>empty();
                            })));
  }

  private Mono<Void> drain() {
    return Mono.defer(
            () ->
                log.readAfter(
                        projectId, cursor, FeedQueries.TypeQuery.EVERYTHING, LiveEventFeed.BATCH)
                    .collectList())
        .flatMap(
            batch -> {
              if (batch.isEmpty()) {
                return Mono.empty();
              }
              handOver(batch);
              return batch.size() < LiveEventFeed.BATCH ? Mono.empty() : drain();
            });
  }

  private void handOver(List<StoredEvent> batch) {
    List<FeedSubscriber> receivers;
    synchronized (this) {
      cursor = batch.get(batch.size() - 1).position();
      receivers = List.copyOf(subscribers);
    }
    // outside the lock: a subscriber may run its stream (and even leave) as it takes the batch
    for (FeedSubscriber receiver : receivers) {
      receiver.offer(batch);
    }
  }

  private void fail(Throwable error) {
    List<FeedSubscriber> receivers;
    synchronized (this) {
      reading = false;
      receivers = List.copyOf(subscribers);
    }
    receivers.forEach(receiver -> receiver.fail(error));
  }
}
