package dev.herald.delivery.dispatch;

import dev.herald.delivery.signing.Signer;
import dev.herald.storage.deliveries.ClaimedDelivery;
import dev.herald.storage.events.DomainEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an event into one signed webhook request: the envelope as JSON, the Standard Webhooks
 * headers and the webhook's own headers (which can never replace ours). Where it may go is the
 * client's to check, at connection time.
 */
@Component
public class WebhookSender {

  /** Headers Herald sets on every request; a webhook's custom headers cannot override them. */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "content-type",
          "user-agent",
          "content-length",
          "host");

  static final String USER_AGENT =
      "Herald/"
          + (WebhookSender.class.getPackage().getImplementationVersion() == null
              ? "dev"
              : WebhookSender.class.getPackage().getImplementationVersion());

  private final WebhookClient client;
  private final JsonMapper json;

  public WebhookSender(WebhookClient client, JsonMapper json) {
    this.client = client;
    this.json = json;
  }

  /**
   * Sends a claimed delivery to its webhook, signed with the webhook's secrets (both, during a
   * rotation's grace period); never fails. Unsigned it is not sent at all, and the result says why.
   */
  public Mono<WebhookClient.Result> attempt(ClaimedDelivery claimed) {
    if (claimed.secret() == null) {
      return Mono.just(
          new WebhookClient.Result(
              null,
              null,
              null,
              "not sent: the webhook's signing secret does not open (altered in the database, or"
                  + " sealed under another HERALD_SECRETS_KEY); rotate the secret",
              Duration.ZERO,
              null));
    }
    Signer signer = Signer.forSecrets(claimed.secret(), claimed.previousSecret());
    return send(claimed.url(), claimed.headers(), signer, claimed.event().event());
  }

  /** Sends {@code event} to {@code url}, signed by {@code signer}; never fails. */
  public Mono<WebhookClient.Result> send(
      String url, JsonNode customHeaders, Signer signer, DomainEvent event) {
    byte[] body = json.writeValueAsBytes(event);
    long timestamp = Instant.now().getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    if (customHeaders != null) {
      customHeaders
          .properties()
          .forEach(
              h -> {
                if (!RESERVED_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                  headers.put(h.getKey(), h.getValue().asString());
                }
              });
    }
    headers.put("content-type", "application/json");
    headers.put("user-agent", USER_AGENT);
    headers.put("webhook-id", event.id());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", signer.sign(event.id(), timestamp, body));
    return client.post(url, headers, body);
  }
}
