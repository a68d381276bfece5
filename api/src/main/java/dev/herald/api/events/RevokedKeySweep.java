package dev.herald.api.events;

import dev.herald.storage.projects.ApiKeyRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Closes the open streams of revoked keys on this instance: every {@code
 * herald.events.stream.revocation-check} it asks, in one query, which of the keys behind its open
 * streams are revoked or gone. A revocation reaches every instance this way (the instance that
 * revokes also closes its own streams at once), well within the 10 s a key stays cached.
 */
@Component
class RevokedKeySweep implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RevokedKeySweep.class);

  private final OpenStreams streams;
  private final ApiKeyRepository keys;
  private final EventStreamProperties properties;
  private volatile Disposable sweeping;

  RevokedKeySweep(OpenStreams streams, ApiKeyRepository keys, EventStreamProperties properties) {
    this.streams = streams;
    this.keys = keys;
    this.properties = properties;
  }

  /** One round: the revoked keys among those of the open streams, their streams closed. */
  Mono<Void> sweep() {
    return Flux.defer(() -> keys.revokedAmong(streams.keyIds()))
        .collectList()
        .filter(revoked -> !revoked.isEmpty())
        .doOnNext(streams::closeKeys)
        .then()
        .timeout(properties.revocationCheck())
        .onErrorResume(
            error -> {
              log.warn("Could not check the keys of open streams: {}", error.toString());
              return Mono.empty();
            });
  }

  @Override
  public void start() {
    sweeping =
        Flux.interval(properties.revocationCheck())
            .onBackpressureDrop()
            .concatMap(tick -> sweep(), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable current = sweeping;
    if (current != null) {
      current.dispose();
    }
    sweeping = null;
  }

  @Override
  public boolean isRunning() {
    return sweeping != null;
  }
}
