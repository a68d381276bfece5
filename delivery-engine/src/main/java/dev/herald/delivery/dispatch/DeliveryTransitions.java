package dev.herald.delivery.dispatch;

import dev.herald.storage.deliveries.Attempt;
import dev.herald.storage.deliveries.Delivery;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.deliveries.DeliveryStatus;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.projects.ProjectRepository;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves deliveries between states, and with every status change appends {@code
 * webhook.delivery.updated} in the same transaction. Deliveries of that meta-event emit no further
 * meta-events, so they cannot loop.
 */
@Component
public class DeliveryTransitions {

  public static final String META_EVENT = "webhook.delivery.updated";
  static final String SOURCE = "herald:webhooks";

  private final DeliveryRepository deliveries;
  private final EventLog log;
  private final ProjectRepository projects;
  private final TransactionalOperator tx;
  private final JsonMapper json;
  // a project's tenant never changes: look it up once per project
  private final java.util.Map<String, String> tenants =
      new java.util.concurrent.ConcurrentHashMap<>();

  public DeliveryTransitions(
      DeliveryRepository deliveries,
      EventLog log,
      ProjectRepository projects,
      TransactionalOperator tx,
      JsonMapper json) {
    this.deliveries = deliveries;
    this.log = log;
    this.projects = projects;
    this.tx = tx;
    this.json = json;
  }

  /** Records an attempt's outcome: the attempt, the delivery's new state, its meta-event. */
  public Mono<Delivery> recordAttempt(
      Delivery before, Attempt attempt, DeliveryStatus status, Instant nextAttemptAt) {
    if (!before.status().canMoveTo(status)) {
      return Mono.error(
          new IllegalStateException(
              "delivery "
                  + before.id()
                  + " cannot move from "
                  + before.status()
                  + " to "
                  + status));
    }
    return deliveries
        .recordAttempt(before, attempt, status, nextAttemptAt)
        .flatMap(after -> announce(before, after))
        .as(tx::transactional);
  }

  /** Makes a delivery due now, whatever its state (a manual retry); empty if there is none. */
  public Mono<Delivery> retryNow(String projectId, String deliveryId) {
    return deliveries
        .findForUpdate(projectId, deliveryId)
        .flatMap(
            before ->
                deliveries.reopen(projectId, deliveryId).flatMap(after -> announce(before, after)))
        .as(tx::transactional);
  }

  /**
   * Makes every failed delivery of a webhook created since {@code since} due now (each its own
   * manual retry, announced); emits how many.
   */
  public Mono<Long> recover(String projectId, String webhookId, Instant since) {
    return deliveries
        .failedSince(projectId, webhookId, since)
        .concatMap(id -> retryNow(projectId, id))
        .count();
  }

  private Mono<Delivery> announce(Delivery before, Delivery after) {
    if (before.status() == after.status() || META_EVENT.equals(after.eventType())) {
      return Mono.just(after);
    }
    JsonNode old = json.valueToTree(DeliveryState.of(before));
    JsonNode now = json.valueToTree(DeliveryState.of(after));
    NewEvent event =
        new NewEvent(META_EVENT, SOURCE, "delivery:" + after.id(), EventPayload.updated(old, now));
    String cached = tenants.get(after.projectId());
    Mono<String> tenant =
        cached != null
            ? Mono.just(cached)
            : projects
                .find(after.projectId())
                .map(ProjectRef::tenantId)
                .doOnNext(id -> tenants.put(after.projectId(), id));
    return tenant
        .flatMap(tenantId -> log.append(new ProjectRef(tenantId, after.projectId()), event))
        .thenReturn(after);
  }
}
