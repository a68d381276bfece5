package dev.herald.api.deliveries;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.herald.delivery.dispatch.DeliveryState;
import dev.herald.delivery.dispatch.DeliveryTransitions;
import dev.herald.storage.deliveries.Attempt;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.ListOut;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/deliveries}: the delivery log, each delivery's attempts, and manual retries. */
@RestController
@RequestMapping("/v1/deliveries")
class DeliveriesController {

  private final DeliveryRepository deliveries;
  private final DeliveryLog log;
  private final DeliveryTransitions transitions;

  DeliveriesController(
      DeliveryRepository deliveries, DeliveryLog log, DeliveryTransitions transitions) {
    this.deliveries = deliveries;
    this.log = log;
    this.transitions = transitions;
  }

  @GetMapping
  Mono<ListOut<DeliveryState>> list(
      ProjectRef caller,
      @RequestParam(required = false) String webhookId,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String eventType,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    return log.list(caller, webhookId, status, eventType, since, limit, after);
  }

  /** A delivery with its attempts, first first. */
  record DeliveryOut(@JsonUnwrapped DeliveryState delivery, List<Attempt> attempts) {}

  @GetMapping("/{deliveryId}")
  Mono<DeliveryOut> get(ProjectRef caller, @PathVariable String deliveryId) {
    return deliveries
        .find(caller.projectId(), deliveryId)
        .switchIfEmpty(Mono.error(ApiException.notFound("delivery", deliveryId)))
        .flatMap(
            delivery ->
                deliveries
                    .attempts(caller.projectId(), deliveryId)
                    .collectList()
                    .map(attempts -> new DeliveryOut(DeliveryState.of(delivery), attempts)));
  }

  @PostMapping("/{deliveryId}/retry")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<DeliveryState> retry(ProjectRef caller, @PathVariable String deliveryId) {
    return transitions
        .retryNow(caller.projectId(), deliveryId)
        .switchIfEmpty(Mono.error(ApiException.notFound("delivery", deliveryId)))
        .map(delivery -> DeliveryState.of(delivery));
  }
}
