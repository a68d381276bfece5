package dev.herald.delivery.dispatch;

import dev.herald.storage.deliveries.AttemptOutcome;
import dev.herald.storage.deliveries.Delivery;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.projects.ProjectRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
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
  private static final Logger logger = LoggerFactory.getLogger(DeliveryTransitions.class);
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

  /**
   * Records finished attempts in one transaction: the attempts, the deliveries' new states, and a
   * meta-event for every status that changed.
   */
  public Mono<Void> recordAttempts(List<AttemptOutcome> outcomes) {
    List<AttemptOutcome> legal = new ArrayList<>();
    for (AttemptOutcome outcome : outcomes) {
      if (outcome.before().status().canMoveTo(outcome.status())) {
        legal.add(outcome);
      } else {
        logger.warn(
            "Delivery {} cannot move from {} to {}; not recorded",
            outcome.before().id(),
            outcome.before().status(),
            outcome.status());
      }
    }
    Instant now = Instant.now();
    List<AttemptOutcome> changed =
        legal.stream()
            .filter(
                o ->
                    o.before().status() != o.status() && !META_EVENT.equals(o.before().eventType()))
            .toList();
    return deliveries
        .recordAttempts(legal)
        .then(
            Flux.fromIterable(changed)
                .concatMap(
                    o ->
                        tenantOf(o.before().projectId())
                            .map(tenant -> new ProjectRef(tenant, o.before().projectId())))
                .collectList()
                .flatMap(
                    owners -> {
                      List<NewEvent> events = new ArrayList<>();
                      for (AttemptOutcome o : changed) {
                        events.add(metaEvent(o.before(), o.after(now)));
                      }
                      return log.appendAll(owners, events).then();
                    }))
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
    return tenantOf(after.projectId())
        .flatMap(
            tenantId ->
                log.append(new ProjectRef(tenantId, after.projectId()), metaEvent(before, after)))
        .thenReturn(after);
  }

  private NewEvent metaEvent(Delivery before, Delivery after) {
    JsonNode old = json.valueToTree(DeliveryState.of(before));
    JsonNode now = json.valueToTree(DeliveryState.of(after));
    return new NewEvent(
        META_EVENT, SOURCE, "delivery:" + after.id(), EventPayload.updated(old, now));
  }

  private Mono<String> tenantOf(String projectId) {
    String cached = tenants.get(projectId);
    return cached != null
        ? Mono.just(cached)
        : projects
            .find(projectId)
            .map(ProjectRef::tenantId)
            .doOnNext(id -> tenants.put(projectId, id));
  }
}
