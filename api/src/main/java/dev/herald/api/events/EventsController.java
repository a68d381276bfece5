package dev.herald.api.events;

import dev.herald.delivery.catalog.EventCatalog;
import dev.herald.delivery.catalog.EventType;
import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.delivery.matching.InvalidPatternException;
import dev.herald.storage.events.DomainEvent;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventQuery;
import dev.herald.storage.events.StoredEvent;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.IdempotencyKeys;
import dev.herald.web.ListOut;
import dev.herald.web.Paging;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/events} (publish, list, get) and {@code /v1/event-types} (the catalog). */
@RestController
class EventsController {

  private final EventPublisher publisher;
  private final EventLog log;
  private final EventCatalog catalog;

  EventsController(EventPublisher publisher, EventLog log, EventCatalog catalog) {
    this.publisher = publisher;
    this.log = log;
    this.catalog = catalog;
  }

  /** One catalog entry as served. */
  record EventTypeOut(
      String type, String action, String emittedWhen, String group, String publishedBy) {
    static EventTypeOut of(EventType type) {
      return new EventTypeOut(
          type.type(),
          type.action().wireName(),
          type.emittedWhen(),
          type.group(),
          type.publishedBy().name().toLowerCase(Locale.ROOT));
    }
  }

  @GetMapping("/v1/event-types")
  ListOut<EventTypeOut> eventTypes() {
    return ListOut.all(catalog.all().stream().map(EventTypeOut::of).toList());
  }

  @PostMapping("/v1/events")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ResponseEntity<DomainEvent>> publish(
      ProjectRef caller,
      @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
      @RequestBody EventIn in) {
    return publisher
        .publish(caller, in, idempotencyKey)
        .map(
            published -> {
              var response = ResponseEntity.status(HttpStatus.CREATED);
              if (published.replayed()) {
                response.header(IdempotencyKeys.REPLAYED, "true");
              }
              return response.body(published.event().event());
            });
  }

  @GetMapping("/v1/events")
  Mono<ListOut<DomainEvent>> list(
      ProjectRef caller,
      @RequestParam(required = false) List<String> types,
      @RequestParam(required = false) String resourceId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    int pageSize = Paging.limit(limit);
    EventTypeFilter filter = parseTypes(types);
    Mono<Long> afterSequence =
        after == null
            ? Mono.just(0L)
            : log.find(caller.projectId(), after)
                .map(StoredEvent::sequence)
                .switchIfEmpty(
                    Mono.error(
                        ApiException.badRequest("after: no event " + after + " in this project")));
    return afterSequence
        .flatMap(
            sequence ->
                log.list(
                        caller.projectId(),
                        new EventQuery(
                            filter.exactTypes(),
                            filter.typePrefixes(),
                            resourceId,
                            sequence == 0L ? null : sequence,
                            pageSize + 1))
                    .map(StoredEvent::event)
                    .collectList())
        .map(events -> ListOut.of(events, pageSize, DomainEvent::id));
  }

  @GetMapping("/v1/events/{eventId}")
  Mono<DomainEvent> get(ProjectRef caller, @PathVariable String eventId) {
    return log.find(caller.projectId(), eventId)
        .map(StoredEvent::event)
        .switchIfEmpty(Mono.error(ApiException.notFound("event", eventId)));
  }

  /** Parses {@code types} (comma-separated or repeated); none means every type. */
  static EventTypeFilter parseTypes(List<String> types) {
    if (types == null || types.isEmpty()) {
      return EventTypeFilter.everything();
    }
    try {
      return EventTypeFilter.parse(types.stream().filter(t -> !t.isBlank()).toList());
    } catch (InvalidPatternException e) {
      throw ApiException.badRequest("types: " + e.getMessage());
    }
  }
}
