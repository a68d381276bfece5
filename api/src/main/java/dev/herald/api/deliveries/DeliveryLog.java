package dev.herald.api.deliveries;

import dev.herald.delivery.dispatch.DeliveryState;
import dev.herald.storage.deliveries.DeliveryQuery;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.deliveries.DeliveryStatus;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.ListOut;
import dev.herald.web.Paging;
import dev.herald.web.TimeInput;
import java.time.Instant;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads the delivery log with its filters; shared by the deliveries and webhooks endpoints. */
@Component
public class DeliveryLog {

  private final DeliveryRepository deliveries;

  DeliveryLog(DeliveryRepository deliveries) {
    this.deliveries = deliveries;
  }

  /** A page of the caller's deliveries, newest first; every filter optional. */
  public Mono<ListOut<DeliveryState>> list(
      ProjectRef caller,
      String webhookId,
      String status,
      String eventType,
      String since,
      Integer limit,
      String after) {
    int pageSize = Paging.limit(limit);
    DeliveryStatus statusFilter = null;
    if (status != null) {
      try {
        statusFilter = DeliveryStatus.fromWireName(status);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(
            "status must be pending, retrying, delivered or failed (was '" + status + "')");
      }
    }
    Instant sinceFilter = TimeInput.parameter("since", since);
    DeliveryQuery query =
        new DeliveryQuery(webhookId, statusFilter, eventType, sinceFilter, after, pageSize + 1);
    Mono<Boolean> cursorKnown =
        after == null ? Mono.just(true) : deliveries.find(caller.projectId(), after).hasElement();
    return cursorKnown.flatMap(
        known -> {
          if (!known) {
            return Mono.error(
                ApiException.badRequest("after: no delivery " + after + " in this project"));
          }
          return deliveries
              .list(caller.projectId(), query)
              .map(DeliveryState::of)
              .collectList()
              .map(page -> ListOut.of(page, pageSize, DeliveryState::id));
        });
  }
}
