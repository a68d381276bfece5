package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import dev.herald.storage.deliveries.ClaimedDelivery;
import dev.herald.storage.deliveries.Delivery;
import dev.herald.storage.deliveries.NextStep;
import dev.herald.storage.webhooks.WebhookRepository;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The endpoint-disable policy: tracks how long a webhook's endpoint has been failing, and disables
 * it after {@code herald.webhooks.disable-after}, or at once when it is gone (410).
 */
@Component
class EndpointHealth {

  private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

  private final WebhookRepository webhooks;
  private final Duration disableAfter;

  EndpointHealth(WebhookRepository webhooks, WebhookProperties properties) {
    this.webhooks = webhooks;
    this.disableAfter = properties.disableAfter();
  }

  /** Notes what an attempt said of its endpoint ({@code result}: the attempt, for the reason). */
  Mono<Void> note(
      ClaimedDelivery claimed, NextStep.Endpoint endpoint, WebhookClient.Result result) {
    Delivery delivery = claimed.delivery();
    if (endpoint == NextStep.Endpoint.ANSWERING) {
      return claimed.failing()
          ? webhooks.recordSuccess(delivery.projectId(), delivery.webhookId())
          : Mono.empty();
    }
    boolean gone = endpoint == NextStep.Endpoint.GONE;
    String reason =
        gone
            ? "the endpoint answered 410 Gone: it wants no more deliveries"
            : "every attempt failed for more than "
                + disableAfter.toHours()
                + " h; last: "
                + (result.status() != null ? "HTTP " + result.status() : result.error());
    return webhooks
        .recordFailure(
            delivery.projectId(), delivery.webhookId(), gone ? Duration.ZERO : disableAfter, reason)
        .doOnNext(
            disabled -> {
              if (disabled) {
                log.warn(
                    "Disabled webhook {} of project {}: {}",
                    delivery.webhookId(),
                    delivery.projectId(),
                    reason);
              }
            })
        .then();
  }
}
