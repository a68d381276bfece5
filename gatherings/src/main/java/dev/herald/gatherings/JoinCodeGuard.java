package dev.herald.gatherings;

import dev.herald.web.ApiException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Limits failed join-code look-ups per project (resilience4j): each miss takes a permit, and once a
 * project has none left every look-up is refused with 429 and {@code Retry-After} until the window
 * refreshes, so codes cannot be guessed by brute force.
 */
@Component
class JoinCodeGuard {

  private final RateLimiterRegistry limiters;

  JoinCodeGuard(GatheringsProperties properties) {
    this.limiters =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(properties.joinCodeFailures())
                .limitRefreshPeriod(properties.joinCodeWindow())
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  /** Refuses (429) a look-up by a project that has used up its failures. */
  void checkAllowed(String projectId) {
    RateLimiter limiter = limiters.rateLimiter(projectId);
    if (limiter.getMetrics().getAvailablePermissions() <= 0) {
      throw tooMany(limiter);
    }
  }

  /** Records a failed look-up; the one that exceeds the limit is already refused with 429. */
  ApiException failed(String projectId, ApiException miss) {
    RateLimiter limiter = limiters.rateLimiter(projectId);
    return limiter.acquirePermission() ? miss : tooMany(limiter);
  }

  private static ApiException tooMany(RateLimiter limiter) {
    long nanos =
        limiter instanceof io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter atomic
            ? atomic.getDetailedMetrics().getNanosToWait()
            : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
    long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    return ApiException.tooManyRequests(
        "Too many failed join-code look-ups; try again in " + seconds + " s",
        Duration.ofSeconds(seconds));
  }
}
