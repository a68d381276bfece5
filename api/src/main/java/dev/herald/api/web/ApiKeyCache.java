package dev.herald.api.web;

import dev.herald.storage.projects.ApiKeyRepository;
import dev.herald.storage.projects.ProjectRef;
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

  private record Entry(ProjectRef project, long expiresAtNanos) {}

  private final ApiKeyRepository keys;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  ApiKeyCache(ApiKeyRepository keys) {
    this.keys = keys;
  }

  /** The project of a valid key, or empty. */
  Mono<ProjectRef> authenticate(String secret) {
    Entry entry = entries.get(secret);
    long now = System.nanoTime();
    if (entry != null && entry.expiresAtNanos() - now > 0) {
      return Mono.just(entry.project());
    }
    return keys.authenticate(secret)
        .doOnNext(
            project -> {
              if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
              }
              entries.put(secret, new Entry(project, now + TTL.toNanos()));
            });
  }

  /** Forgets every key (after a revocation). */
  public void clear() {
    entries.clear();
  }
}
