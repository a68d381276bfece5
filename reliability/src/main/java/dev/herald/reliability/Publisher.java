package dev.herald.reliability;

import dev.herald.harness.HeraldClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Publishes events at a steady rate, through crashes and restarts alike, and keeps the id of every
 * event Herald acknowledged (201); a request that fails or gets no answer is counted as refused.
 */
final class Publisher implements AutoCloseable {

  private static final Duration TICK = Duration.ofMillis(100);
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(10);

  private final HeraldClient client;
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final Disposable publishing;

  /** Starts publishing {@code eventsPerSecond} through {@code client}. */
  Publisher(HeraldClient client, int eventsPerSecond) {
    this.client = client;
    int perTick = Math.max(1, eventsPerSecond * (int) TICK.toMillis() / 1000);
    publishing =
        Flux.interval(TICK)
            // at most a few ticks in flight: while Herald is down, ticks are dropped, not queued
            .onBackpressureDrop()
            .flatMap(tick -> Flux.range(0, perTick).flatMap(i -> publishOne()), 4)
            .subscribe();
  }

  private Mono<String> publishOne() {
    return client
        .publishForId(event(sequence.incrementAndGet()))
        .timeout(ANSWER_BOUND)
        .doOnNext(acknowledged::add)
        .onErrorResume(
            notAcknowledged -> {
              refusals.computeIfAbsent(reason(notAcknowledged), r -> new LongAdder()).increment();
              return Mono.empty();
            });
  }

  /** A short name for why a request was not acknowledged (its exception, and any HTTP status). */
  private static String reason(Throwable error) {
    String message = String.valueOf(error.getMessage());
    int status = message.indexOf(" answered ");
    return error.getClass().getSimpleName()
        + (status < 0
            ? ""
            : " " + message.substring(status + 10, Math.min(message.length(), status + 13)));
  }

  private static String event(long n) {
    return "{\"type\":\""
        + Endpoints.EVENT_TYPE
        + "\",\"resourceId\":\"session:crash\",\"source\":\"crash\","
        + "\"data\":{\"messageId\":\"m-"
        + n
        + "\",\"sessionId\":\"crash\",\"participantId\":\"p1\",\"content\":\"event "
        + n
        + "\"}}";
  }

  /** The ids of the events acknowledged so far. */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  long acknowledgedCount() {
    return acknowledged.size();
  }

  /** How many requests were not acknowledged so far, for the drill's running log. */
  long refused() {
    return refusals.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** How many requests were not acknowledged, by reason. */
  Map<String, Long> refusals() {
    Map<String, Long> counts = new TreeMap<>();
    refusals.forEach((reason, count) -> counts.put(reason, count.sum()));
    return counts;
  }

  /** Stops publishing; requests in flight are abandoned (and not acknowledged). */
  @Override
  public void close() {
    publishing.dispose();
  }
}
