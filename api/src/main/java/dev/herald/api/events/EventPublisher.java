package dev.herald.api.events;

import dev.herald.delivery.catalog.EventCatalog;
import dev.herald.delivery.catalog.EventType;
import dev.herald.storage.batching.GroupCommit;
import dev.herald.storage.events.EventAction;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.events.StoredEvent;
import dev.herald.storage.idempotency.IdempotencyRepository;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.IdempotencyKeys;
import dev.herald.web.Violations;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes events of types owned by other services into the log: validated against the catalog,
 * and idempotent under an {@code Idempotency-Key}.
 */
@Service
class EventPublisher {

  static final String DEFAULT_SOURCE = "api";
  private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._/-]{0,99}");
  private static final int BATCH = 128;
  private static final int BATCHES_IN_FLIGHT = 4;

  private final EventCatalog catalog;
  private final EventLog log;
  private final IdempotencyRepository idempotency;
  private final TransactionalOperator tx;
  private final JsonMapper json;
  // events published without a key are written together with those arriving at the same moment:
  // one statement (its own transaction) for many requests
  private final GroupCommit<Appending, StoredEvent> appends;

  private record Appending(ProjectRef project, NewEvent event) {}

  EventPublisher(
      EventCatalog catalog,
      EventLog log,
      IdempotencyRepository idempotency,
      TransactionalOperator tx,
      JsonMapper json) {
    this.catalog = catalog;
    this.log = log;
    this.idempotency = idempotency;
    this.tx = tx;
    this.json = json;
    this.appends =
        new GroupCommit<>(
            batch ->
                log.appendAll(
                    batch.stream().map(Appending::project).toList(),
                    batch.stream().map(Appending::event).toList()),
            BATCH,
            BATCHES_IN_FLIGHT);
  }

  /** The stored event, and whether it was created by an earlier request with the same key. */
  record Published(StoredEvent event, boolean replayed) {}

  Mono<Published> publish(ProjectRef caller, EventIn in, String idempotencyKey) {
    NewEvent event = validate(in);
    if (idempotencyKey == null) {
      return appends
          .submit(new Appending(caller, event))
          .map(stored -> new Published(stored, false));
    }
    IdempotencyKeys.check(idempotencyKey);
    byte[] hash = IdempotencyKeys.sha256(json.writeValueAsBytes(in));
    return replay(caller, idempotencyKey, hash)
        .switchIfEmpty(
            Mono.defer(
                () ->
                    log.append(caller, event)
                        .flatMap(
                            stored ->
                                idempotency
                                    .remember(
                                        caller.projectId(),
                                        idempotencyKey,
                                        hash,
                                        stored.event().id())
                                    .flatMap(
                                        fresh ->
                                            fresh
                                                ? Mono.just(new Published(stored, false))
                                                : Mono.error(new KeyTakenMeanwhile())))
                        .as(tx::transactional)
                        .onErrorResume(
                            KeyTakenMeanwhile.class, e -> replay(caller, idempotencyKey, hash))));
  }

  private Mono<Published> replay(ProjectRef caller, String key, byte[] hash) {
    return idempotency
        .find(caller.projectId(), key)
        .flatMap(
            remembered -> {
              if (!remembered.sameRequest(hash)) {
                return Mono.error(IdempotencyKeys.reused(key));
              }
              return log.find(caller.projectId(), remembered.resourceId())
                  .map(stored -> new Published(stored, true));
            });
  }

  NewEvent validate(EventIn in) {
    Violations violations = new Violations();
    Optional<EventType> type = Optional.empty();
    if (in.type() == null || in.type().isBlank()) {
      violations.add("type", "is required");
    } else {
      type = catalog.find(in.type());
      if (type.isEmpty()) {
        violations.add(
            "type", "'" + in.type() + "' is not in the event catalog (see GET /v1/event-types)");
      } else if (type.get().publishedBy() == EventType.Publisher.HERALD) {
        violations.add(
            "type", "'" + in.type() + "' is emitted by Herald itself and cannot be published");
      }
    }
    EventAction action = type.map(EventType::action).orElse(null);
    if (in.action() != null && action != null && !action.wireName().equals(in.action())) {
      violations.add(
          "action",
          "'"
              + in.type()
              + "' carries action '"
              + action.wireName()
              + "', not '"
              + in.action()
              + "'");
    }
    violations.check(
        in.resourceId() != null && !in.resourceId().isBlank(), "resourceId", "is required");
    if (!violations.has("resourceId")) {
      violations.check(
          NewEvent.isResourceId(in.resourceId()),
          "resourceId",
          "must look like kind:id, e.g. session:abc-123");
    }
    violations.check(
        in.source() == null || SOURCE.matcher(in.source()).matches(),
        "source",
        "must be 1 to 100 characters of letters, digits and :._/-");
    violations.check(
        in.data() != null && in.data().isObject(),
        "data",
        in.data() == null ? "is required" : "must be a JSON object");
    if (action == EventAction.UPDATED) {
      violations.check(
          in.changes() != null && in.changes().isObject(),
          "changes",
          "is required for an updated event: a JSON object of the old values");
    } else if (action != null) {
      violations.check(
          in.changes() == null || in.changes().isNull(), "changes", "is only for updated events");
    }
    violations.throwIfAny();
    EventPayload payload =
        new EventPayload(action, in.data(), action == EventAction.UPDATED ? in.changes() : null);
    return new NewEvent(
        in.type(), in.source() == null ? DEFAULT_SOURCE : in.source(), in.resourceId(), payload);
  }

  /** Another request with the same key committed first: replay its result. */
  private static final class KeyTakenMeanwhile extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyTakenMeanwhile() {
      super("idempotency key taken by a concurrent request", null, false, false);
    }
  }
}
