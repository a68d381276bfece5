package dev.herald.bench;

import dev.herald.harness.HeraldClient;
import dev.herald.harness.Wait;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * W6, open streams against API latency (issue D12: "500 open streams with events flowing keep API
 * p99 within 2× of none"): one project, {@code scale.streams()} SSE streams on as many keys as the
 * per-key limit needs, events published at {@link #RATE}/s through {@code POST /v1/events}, and
 * meanwhile {@code GET /v1/webhooks} every 20 ms; first with no stream open, then with all of them.
 */
final class Streams {

  /** Events per second published in both phases. */
  static final int RATE = 20;

  /** Streams one key may hold (Herald's default {@code herald.events.stream.max-per-key}). */
  private static final int PER_KEY = 100;

  /** The latencies of one phase, and how many events it published. */
  record Phase(Latencies list, Latencies publish, int published) {}

  /**
   * What W6 measured: both phases, the streams opened and ended (by Herald, before the end), and
   * the events the streams received of those published while they were open (every stream should
   * receive every one).
   */
  record Result(
      Phase idle, Phase busy, int streams, int opened, int ended, long expected, long received) {

    double listRatio() {
      return busy.list().p99() / idle.list().p99();
    }

    double publishRatio() {
      return busy.publish().p99() / idle.publish().p99();
    }
  }

  private Streams() {}

  static Result run(String baseUrl, Scale scale) {
    HeraldClient client = new HeraldClient(baseUrl, 16);
    client.createProject();
    List<String> keys = new ArrayList<>(List.of(client.apiKey()));
    while (keys.size() * PER_KEY < scale.streams()) {
      keys.add(client.createKey());
    }
    Duration length = Duration.ofSeconds(scale.streamSeconds());
    Phase idle = phase(client, length);

    AtomicInteger opened = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicLong received = new AtomicLong();
    List<Disposable> open = new ArrayList<>();
    try {
      for (int i = 0; i < scale.streams(); i++) {
        EventCounter counter = new EventCounter(received);
        open.add(
            client.stream(keys.get(i / PER_KEY), opened::incrementAndGet)
                .subscribe(counter::add, error -> ended.incrementAndGet(), ended::incrementAndGet));
      }
      Wait.untilOrFail(
          () -> opened.get() + ended.get() >= scale.streams(), Duration.ofSeconds(120));
      long before = received.get();
      Phase busy = phase(client, length);
      long expected = (long) busy.published() * (opened.get() - ended.get());
      // the last events are still on their way to some streams: wait for them, bounded
      Wait.until(() -> received.get() - before >= expected, Duration.ofSeconds(30), PAUSE);
      return new Result(
          idle,
          busy,
          scale.streams(),
          opened.get(),
          ended.get(),
          expected,
          received.get() - before);
    } finally {
      open.forEach(Disposable::dispose);
    }
  }

  private static final Duration PAUSE = Duration.ofMillis(50);

  /** GET every 20 ms, one after another, while events are published at {@link #RATE}/s. */
  private static Phase phase(HeraldClient client, Duration length) {
    int events = (int) (RATE * length.toSeconds());
    Mono<List<Double>> listing =
        Mono.delay(Duration.ofMillis(20))
            .then(HeraldClient.timed(client.get("/v1/webhooks")))
            .repeat()
            .take(length)
            .collectList();
    Mono<List<Double>> publishing =
        Flux.interval(Duration.ofMillis(1000 / RATE))
            .onBackpressureBuffer()
            .take(events)
            .flatMap(tick -> client.publish(Workloads.event(tick.intValue())), 8)
            .collectList();
    return Mono.zip(listing, publishing)
        .map(
            both ->
                new Phase(
                    Latencies.of(both.getT1()), Latencies.of(both.getT2()), both.getT2().size()))
        .block(length.plusSeconds(60));
  }

  /**
   * Counts the events in one stream's chunks, reading their bytes where they lie (the load
   * generator allocates nothing per event, so its own garbage collection stays out of the API's
   * latency): each event begins with an {@code id:} line, which may be split across two chunks.
   */
  private static final class EventCounter {

    private static final byte[] ID_LINE = "\nid:".getBytes(StandardCharsets.US_ASCII);
    private final AtomicLong received;
    private int matched = 1; // the stream's first line starts a line too

    EventCounter(AtomicLong received) {
      this.received = received;
    }

    void add(ByteBuf chunk) {
      chunk.forEachByte(
          b -> {
            if (b == ID_LINE[matched]) {
              matched++;
              if (matched == ID_LINE.length) {
                received.incrementAndGet();
                matched = 0;
              }
            } else {
              // only '\n' can restart the match: no other byte of "\nid:" is a '\n'
              matched = b == '\n' ? 1 : 0;
            }
            return true;
          });
    }
  }
}
