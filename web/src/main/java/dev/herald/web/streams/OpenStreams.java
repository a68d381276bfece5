package dev.herald.web.streams;

import dev.herald.delivery.feed.FallenBehind;
import dev.herald.web.ApiException;
import dev.herald.web.Caller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The long-lived streams open on this instance, each under its caller's key: at most {@code
 * max-per-key} per key and {@code max-per-project} per project (429 beyond), and closed when their
 * key is revoked. A stream's slot is freed however it ends.
 */
@Component
public class OpenStreams implements MeterBinder {

  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final EventStreamProperties properties;
  private final Set<Slot> open = new HashSet<>();
  private final Map<String, Integer> perKey = new HashMap<>();
  private final Map<String, Integer> perProject = new HashMap<>();

  OpenStreams(EventStreamProperties properties) {
    this.properties = properties;
  }

  /** A stream's place: who holds it, and why (once) it was closed. */
  private record Slot(
      String keyId, String projectId, AtomicReference<String> reason, Sinks.Empty<Void> closing) {

    Slot(String keyId, String projectId) {
      this(keyId, projectId, new AtomicReference<>(), Sinks.empty());
    }

    void close(String why) {
      if (reason.compareAndSet(null, why)) {
        closing.tryEmitEmpty();
      }
    }
  }

  /**
   * Runs {@code stream} in a slot of the caller's: refused with 429 when the caller's key or
   * project holds all its slots; ended cleanly, with a last {@code event: error} saying why, when
   * the key is revoked or the client falls too far behind.
   */
  public <T> Flux<ServerSentEvent<T>> open(Caller caller, Flux<ServerSentEvent<T>> stream) {
    return open(caller, stream, OpenStreams::<T>farewell);
  }

  /**
   * As {@link #open(Caller, Flux)}, for a stream of frames already encoded: {@code farewell} makes
   * the last one, from the reason the stream ends.
   */
  public <E> Flux<E> open(Caller caller, Flux<E> stream, Function<String, E> farewell) {
    return Flux.using(
        () -> take(caller),
        slot ->
            stream
                .takeUntilOther(slot.closing().asMono())
                .onErrorResume(
                    FallenBehind.class,
                    behind -> Mono.just(farewell.apply(behind.getMessage() + "; reconnect")))
                .concatWith(Mono.fromSupplier(slot.reason()::get).map(farewell)),
        this::release);
  }

  private static <T> ServerSentEvent<T> farewell(String reason) {
    return ServerSentEvent.<T>builder().event("error").comment(reason).build();
  }

  /** Closes every open stream of these keys (revoked, or gone). */
  public void closeKeys(Collection<String> keyIds) {
    List<Slot> closing;
    synchronized (this) {
      closing = open.stream().filter(slot -> keyIds.contains(slot.keyId())).toList();
    }
    closing.forEach(slot -> slot.close("the API key was revoked"));
  }

  /** The keys behind the open streams. */
  public synchronized Set<String> keyIds() {
    return new LinkedHashSet<>(perKey.keySet());
  }

  private synchronized Slot take(Caller caller) {
    String keyId = caller.keyId();
    String projectId = caller.project().projectId();
    if (keyId != null && perKey.getOrDefault(keyId, 0) >= properties.maxPerKey()) {
      throw ApiException.tooManyRequests(
          "This API key already holds "
              + properties.maxPerKey()
              + " open streams on this instance (herald.events.stream.max-per-key); close one",
          RETRY_AFTER);
    }
    if (perProject.getOrDefault(projectId, 0) >= properties.maxPerProject()) {
      throw ApiException.tooManyRequests(
          "This project already holds "
              + properties.maxPerProject()
              + " open streams on this instance (herald.events.stream.max-per-project); close one",
          RETRY_AFTER);
    }
    Slot slot = new Slot(keyId, projectId);
    open.add(slot);
    if (keyId != null) {
      perKey.merge(keyId, 1, Integer::sum);
    }
    perProject.merge(projectId, 1, Integer::sum);
    return slot;
  }

  private synchronized void release(Slot slot) {
    if (!open.remove(slot)) {
      return;
    }
    if (slot.keyId() != null) {
      perKey.computeIfPresent(slot.keyId(), (key, n) -> n == 1 ? null : n - 1);
    }
    perProject.computeIfPresent(slot.projectId(), (project, n) -> n == 1 ? null : n - 1);
  }

  private synchronized int size() {
    return open.size();
  }

  /** {@code herald.events.streams.open}: the long-lived streams open on this instance. */
  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("herald.events.streams.open", this, OpenStreams::size)
        .description("Event and watch streams open on this instance")
        .register(registry);
  }
}
