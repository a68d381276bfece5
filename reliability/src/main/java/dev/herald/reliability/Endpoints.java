package dev.herald.reliability;

import dev.herald.harness.HeraldClient;
import dev.herald.harness.Receiver;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The drill's three webhook receivers, each its own HTTP server on loopback and subscribed to the
 * drill's event type ({@value #EVENT_TYPE}; {@code *} would add Herald's own {@code
 * webhook.delivery.updated} events, one per delivery): one healthy, one slow (every answer after
 * {@link #SLOW_ANSWER}), and one failing (503) until {@link #recover()}, then healthy.
 */
final class Endpoints implements AutoCloseable {

  static final String EVENT_TYPE = "message.created";
  static final Duration SLOW_ANSWER = Duration.ofMillis(300);
  private static final String PATH = "/hook";

  /** One receiver and what the drill found there. */
  record Endpoint(String name, Receiver receiver) {

    /** How many of {@code acknowledged} arrived here. */
    long deliveredOf(Collection<String> acknowledged) {
      return acknowledged.stream().filter(id -> receiver.hasReceived(PATH, id)).count();
    }

    /** Distinct events that arrived here, acknowledged or not. */
    long received() {
      return receiver.count(PATH);
    }

    /** Deliveries that arrived here again. */
    long duplicates() {
      return receiver.duplicates(PATH);
    }
  }

  private final List<Endpoint> endpoints;
  private final Endpoint failing;

  Endpoints() {
    Endpoint slow = new Endpoint("slow", new Receiver());
    slow.receiver().delay(PATH, SLOW_ANSWER);
    failing = new Endpoint("failing", new Receiver());
    failing.receiver().answer(PATH, Receiver.Mode.DOWN);
    endpoints = List.of(new Endpoint("healthy", new Receiver()), slow, failing);
  }

  List<Endpoint> all() {
    return endpoints;
  }

  /** Subscribes every receiver to the drill's events in {@code client}'s project. */
  void subscribe(HeraldClient client) {
    endpoints.forEach(e -> client.createWebhook(e.receiver().url(PATH), EVENT_TYPE));
  }

  /** The failing receiver answers 2xx from now on. */
  void recover() {
    failing.receiver().answer(PATH, Receiver.Mode.OK);
  }

  /** Whether every one of {@code acknowledged} has arrived at every receiver. */
  boolean allReceived(Collection<String> acknowledged) {
    return endpoints.stream().allMatch(e -> e.deliveredOf(acknowledged) == acknowledged.size());
  }

  @Override
  public void close() {
    endpoints.forEach(e -> e.receiver().close());
  }
}
