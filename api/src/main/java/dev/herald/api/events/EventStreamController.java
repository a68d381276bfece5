package dev.herald.api.events;

import dev.herald.delivery.feed.LiveEventFeed;
import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.storage.events.DomainEvent;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.projects.ApiKeyRepository;
import dev.herald.web.ApiException;
import dev.herald.web.Caller;
import dev.herald.web.streams.EventStreamProperties;
import dev.herald.web.streams.OpenStreams;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/events/stream}: the project's events as Server-Sent Events ({@code id} = the
 * event's sequence, {@code event} = its type, {@code data} = the envelope), resumable with {@code
 * Last-Event-ID}, with a heartbeat comment while idle.
 */
@RestController
class EventStreamController {

  // a sequence as Long.parseLong reads it without overflow: 1 to 18 ASCII digits
  private static final Pattern SEQUENCE = Pattern.compile("[0-9]{1,18}");

  private final LiveEventFeed feed;
  private final ApiKeyRepository keys;
  private final EventStreamProperties properties;
  private final OpenStreams openStreams;
  private final EncodedEvents encoded;

  EventStreamController(
      LiveEventFeed feed,
      ApiKeyRepository keys,
      EventStreamProperties properties,
      OpenStreams openStreams,
      EncodedEvents encoded) {
    this.feed = feed;
    this.keys = keys;
    this.properties = properties;
    this.openStreams = openStreams;
    this.encoded = encoded;
  }

  /** A token for {@code ?token=} on the stream, for clients that cannot send headers. */
  record StreamTokenOut(String token, Instant expiresAt) {}

  @PostMapping("/v1/events/stream-tokens")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<StreamTokenOut> streamToken(Caller caller) {
    return keys.issueStreamToken(
            caller.project().projectId(), caller.keyId(), properties.tokenTtl())
        .map(token -> new StreamTokenOut(token.token(), token.expiresAt()));
  }

  // the data is sent encoded (EncodedEvents); documented as what it is, the envelope
  @ApiResponse(
      responseCode = "200",
      description = "The events: id = sequence, event = type, data = the envelope",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(implementation = DomainEvent.class)))
  @GetMapping(path = "/v1/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<DataBuffer> stream(
      Caller caller,
      @RequestParam(required = false) List<String> types,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventIdHeader,
      @RequestParam(name = "lastEventId", required = false) String lastEventIdParam) {
    EventTypeFilter filter = EventsController.parseTypes(types);
    boolean fromHeader = lastEventIdHeader != null;
    String lastEventId = fromHeader ? lastEventIdHeader : lastEventIdParam;
    String projectId = caller.project().projectId();
    // the start position first: a bad Last-Event-ID is a 400 whatever the slots, and holds none
    return startPosition(projectId, fromHeader ? "Last-Event-ID" : "lastEventId", lastEventId)
        .flatMapMany(
            from ->
                openStreams.open(caller, follow(projectId, filter, from), EncodedEvents::farewell));
  }

  private Flux<DataBuffer> follow(String projectId, EventTypeFilter filter, LogPosition from) {
    Flux<DataBuffer> events =
        feed.follow(projectId, filter, from, properties.buffer()).map(encoded::frame);
    // the first at once: the response (its 200 and headers) goes out with it, so a client knows
    // the stream is open (and from where) before the first event
    Flux<DataBuffer> heartbeats =
        Flux.interval(Duration.ZERO, properties.heartbeat()).map(tick -> EncodedEvents.heartbeat());
    return Flux.merge(events, heartbeats);
  }

  /** Where to resume: after the event {@code lastEventId} names (its sequence or its id). */
  private Mono<LogPosition> startPosition(String projectId, String name, String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return feed.now();
    }
    String id = lastEventId.strip();
    Mono<LogPosition> position;
    if (SEQUENCE.matcher(id).matches()) {
      position = feed.positionOf(projectId, Long.parseLong(id));
    } else if (id.startsWith("evt_")) {
      position = feed.positionOf(projectId, id);
    } else {
      return Mono.error(
          ApiException.badRequest(
              name + " must be an event's sequence or id, was '" + lastEventId + "'"));
    }
    return position.switchIfEmpty(
        Mono.error(ApiException.badRequest(name + " " + id + " names no event of this project")));
  }
}
