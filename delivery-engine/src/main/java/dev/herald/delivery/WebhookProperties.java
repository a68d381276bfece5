package dev.herald.delivery;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of webhook delivery ({@code herald.webhooks.*}).
 *
 * @param retrySchedule the delay before each attempt: the first is the first attempt's (normally
 *     none), then one per retry; after the last, a delivery has failed
 * @param jitter the random spread around each delay, as a fraction (0.2 = ±20 %)
 * @param connectTimeout how long to wait for a receiver's connection
 * @param timeout how long a whole attempt may take
 * @param httpsOnly refuse plain-http webhook URLs
 * @param allowPrivateNetworks allow URLs that resolve to loopback, private or link-local addresses
 *     (for local development and tests)
 * @param lease how long a dispatcher holds a claimed delivery before another may take it
 * @param concurrency deliveries this instance holds at once (in flight, or queued behind their
 *     endpoint's attempts)
 * @param pollInterval how often the workers look for due work besides being signalled
 * @param workers whether this instance runs the fan-out and dispatch workers (off for an API-only
 *     instance)
 */
@ConfigurationProperties("herald.webhooks")
public record WebhookProperties(
    @DefaultValue({"0s", "5s", "5m", "30m", "2h", "5h", "10h", "10h"}) List<Duration> retrySchedule,
    @DefaultValue("0.2") double jitter,
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("15s") Duration timeout,
    @DefaultValue("false") boolean httpsOnly,
    @DefaultValue("false") boolean allowPrivateNetworks,
    @DefaultValue("60s") Duration lease,
    @DefaultValue("256") int concurrency,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("true") boolean workers,
    @DefaultValue("16") int endpointConcurrency,
    @DefaultValue("1s") Duration deferDelay,
    @DefaultValue("50") int breakerFailureRate,
    @DefaultValue("20") int breakerWindow,
    @DefaultValue("30s") Duration breakerPause,
    @DefaultValue("5d") Duration disableAfter,
    @DefaultValue("24h") Duration rotationGrace) {

  public WebhookProperties {
    retrySchedule = List.copyOf(retrySchedule);
    if (retrySchedule.isEmpty()) {
      throw new IllegalArgumentException("herald.webhooks.retry-schedule needs at least one entry");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("herald.webhooks.jitter must be in [0, 1)");
    }
    if (lease.compareTo(timeout) <= 0) {
      throw new IllegalArgumentException("herald.webhooks.lease must be longer than the timeout");
    }
  }
}
