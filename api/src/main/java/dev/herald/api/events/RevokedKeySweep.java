package dev.herald.api.events;

import dev.herald.delivery.worker.LoopWorker;
import dev.herald.delivery.worker.WorkerLoop;
import dev.herald.storage.projects.ApiKeyRepository;
import dev.herald.web.streams.EventStreamProperties;
import dev.herald.web.streams.OpenStreams;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closes the open streams of revoked keys on this instance: every {@code
 * herald.events.stream.revocation-check} it asks, in one query, which of the keys behind its open
 * streams are revoked or gone. A revocation reaches every instance this way (the instance that
 * revokes also closes its own streams at once), well within the 10 s a key stays cached.
 */
@Component
class RevokedKeySweep extends LoopWorker {

  private final OpenStreams streams;
  private final ApiKeyRepository keys;
  private final WorkerLoop loop;

  RevokedKeySweep(OpenStreams streams, ApiKeyRepository keys, EventStreamProperties properties) {
    this.streams = streams;
    this.keys = keys;
    // the worker loop's outage handling: one line when the database goes away, backoff, one when
    // it is back (not a warning every round)
    this.loop =
        new WorkerLoop(
            "Revoked-key sweep", () -> Flux.interval(properties.revocationCheck()), this::sweep);
  }

  @Override
  protected WorkerLoop loop() {
    return loop;
  }

  /** One round: the revoked keys among those of the open streams, their streams closed. */
  Mono<Void> sweep() {
    return Flux.defer(() -> keys.revokedAmong(streams.keyIds()))
        .collectList()
        .filter(revoked -> !revoked.isEmpty())
        .doOnNext(streams::closeKeys)
        .then();
  }
}
