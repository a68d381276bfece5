package dev.herald.storage.deliveries;

import java.time.Instant;
import java.util.Optional;

/**
 * The delivery state machine's one decision: where an attempt's outcome moves its delivery, and
 * what it says of the endpoint. Delivered on a 2xx; otherwise retrying at the time the retry
 * schedule offers, or failed when the schedule is spent. The endpoint is answering (2xx), failing
 * (anything else, or no answer), or gone (410: Standard Webhooks' "send no more", which disables it
 * at once). Pure: the caller brings the schedule's offer and carries the step out.
 *
 * @param nextAttemptAt when the delivery is due again; {@code null} when nothing more is due
 */
public record NextStep(DeliveryStatus status, Instant nextAttemptAt, Endpoint endpoint) {

  /** What the attempt says of its endpoint. */
  public enum Endpoint {
    ANSWERING,
    FAILING,
    GONE
  }

  /** Whether a receiver's answer delivers: any 2xx. */
  public static boolean delivers(Integer responseStatus) {
    return responseStatus != null && responseStatus >= 200 && responseStatus < 300;
  }

  /**
   * The step after an attempt.
   *
   * @param responseStatus the receiver's HTTP status; {@code null} when it did not answer (or the
   *     delivery was not sent)
   * @param retryOffered when the retry schedule offers the next attempt; empty when it is spent
   */
  public static NextStep after(Integer responseStatus, Optional<Instant> retryOffered) {
    if (delivers(responseStatus)) {
      return new NextStep(DeliveryStatus.DELIVERED, null, Endpoint.ANSWERING);
    }
    Endpoint endpoint =
        Integer.valueOf(410).equals(responseStatus) ? Endpoint.GONE : Endpoint.FAILING;
    return retryOffered
        .map(at -> new NextStep(DeliveryStatus.RETRYING, at, endpoint))
        .orElseGet(() -> new NextStep(DeliveryStatus.FAILED, null, endpoint));
  }
}
