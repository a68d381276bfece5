package dev.herald.api.security;

import dev.herald.storage.projects.ApiKeyRepository;
import dev.herald.storage.projects.KeyOwner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Remembers which project an API key names for a few seconds, so a busy client costs no key look-up
 * per request. A revocation on this instance takes effect at once ({@link #clear()}); on other
 * instances within {@link #TTL}.
 */
@Component
public class ApiKeyCache {

  static final Duration TTL = Duration.ofSeconds(10);
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(KeyOwner owner, long expiresAtNanos) {}

  private final ApiKeyRepository keys;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ApiKeyCache(ApiKeyRepository keys) {
    this.keys = keys;
  }

  /** The owner of a valid key, or empty. */
  Mono<KeyOwner> authenticate(String secret) {
    Entry entry = entries.get(secret);
    long now = System.nanoTime();
    if (entry != null && entry.expiresAtNanos() - now > 0) {
      return Mono.just(entry.owner());
    }
    return keys.authenticate(secret)
        .doOnNext(
            owner -> {
              if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
              }
              entries.put(secret, new Entry(owner, now + TTL.toNanos()));
            });
  }

  /** Forgets every key (after a revocation). */
  public void clear() {
    entries.clear();
  }
}
