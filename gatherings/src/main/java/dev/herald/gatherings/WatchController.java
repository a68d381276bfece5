package dev.herald.gatherings;

import dev.herald.delivery.feed.LiveEventFeed;
import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.InvitationRepository;
import dev.herald.gatherings.domain.MemberRepository;
import dev.herald.storage.database.DatabaseOutage;
import dev.herald.web.ApiException;
import dev.herald.web.Caller;
import dev.herald.web.streams.EventStreamProperties;
import dev.herald.web.streams.OpenStreams;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * {@code …/members/watch} and {@code …/invitations/watch}: Server-Sent Events in the shape of
 * Firestore's {@code onSnapshot}. Built on the event log: the stream takes its log position before
 * it reads the first snapshot, then re-reads the list on each of the gathering's events after that
 * position and sends what changed, so no change between snapshot and stream is missed. A re-read
 * that meets a database outage waits it out, as the event stream does, rather than ending the
 * stream.
 */
@RestController
class WatchController {

  private static final EventTypeFilter GATHERING_EVENTS =
      EventTypeFilter.parse(List.of("gathering.*"));
  private static final Duration OUTAGE_FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration OUTAGE_MAX_BACKOFF = Duration.ofSeconds(5);

  private final GatheringRepository gatherings;
  private final MemberRepository members;
  private final InvitationRepository invitations;
  private final LiveEventFeed feed;
  private final EventStreamProperties properties;
  private final OpenStreams openStreams;

  WatchController(
      GatheringRepository gatherings,
      MemberRepository members,
      InvitationRepository invitations,
      LiveEventFeed feed,
      EventStreamProperties properties,
      OpenStreams openStreams) {
    this.gatherings = gatherings;
    this.members = members;
    this.invitations = invitations;
    this.feed = feed;
    this.properties = properties;
    this.openStreams = openStreams;
  }

  @GetMapping(
      path = "/v1/gatherings/{gatheringId}/members/watch",
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<Snapshot<MemberOut>>> members(
      Caller caller, @PathVariable String gatheringId) {
    String projectId = caller.project().projectId();
    return watch(
        caller,
        gatheringId,
        () -> members.list(projectId, gatheringId).map(MemberOut::of).collectList(),
        MemberOut::participantId);
  }

  @GetMapping(
      path = "/v1/gatherings/{gatheringId}/invitations/watch",
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<ServerSentEvent<Snapshot<InvitationOut>>> invitations(
      Caller caller, @PathVariable String gatheringId) {
    String projectId = caller.project().projectId();
    return watch(
        caller,
        gatheringId,
        () ->
            invitations.list(projectId, gatheringId).map(InvitationOut::withoutToken).collectList(),
        InvitationOut::id);
  }

  private <T> Flux<ServerSentEvent<Snapshot<T>>> watch(
      Caller caller, String gatheringId, Supplier<Mono<List<T>>> read, Function<T, String> key) {
    String projectId = caller.project().projectId();
    Flux<ServerSentEvent<Snapshot<T>>> heartbeats =
        Flux.interval(properties.heartbeat())
            .map(tick -> ServerSentEvent.<Snapshot<T>>builder().comment("heartbeat").build());
    // the gathering first: an unknown one is a 404 whatever the slots, and holds none
    return gatherings
        .find(projectId, gatheringId)
        .switchIfEmpty(Mono.error(ApiException.notFound("gathering", gatheringId)))
        .flatMapMany(
            found ->
                openStreams.open(
                    caller,
                    Flux.merge(
                        snapshots(projectId, gatheringId, read, key)
                            .map(s -> ServerSentEvent.builder(s).event("snapshot").build()),
                        heartbeats)));
  }

  /** The first snapshot, then one per change of the list. */
  private <T> Flux<Snapshot<T>> snapshots(
      String projectId, String gatheringId, Supplier<Mono<List<T>>> read, Function<T, String> key) {
    String resourceId = "gathering:" + gatheringId;
    return feed.now()
        .flatMapMany(
            position ->
                read.get()
                    .flatMapMany(
                        first -> {
                          AtomicReference<List<T>> last = new AtomicReference<>(first);
                          Flux<Snapshot<T>> later =
                              feed.follow(
                                      projectId, GATHERING_EVENTS, position, properties.buffer())
                                  .filter(e -> resourceId.equals(e.event().resourceId()))
                                  // each read sees every change before it: while one waits for
                                  // the database, later events make one more read
                                  .onBackpressureLatest()
                                  .concatMap(e -> rereadThroughOutages(read), 1)
                                  .concatMap(
                                      now -> {
                                        Snapshot<T> next = Snapshot.between(last.get(), now, key);
                                        last.set(now);
                                        return next.changes().isEmpty()
                                            ? Mono.empty()
                                            : Mono.just(next);
                                      });
                          return Flux.just(Snapshot.initial(first)).concatWith(later);
                        }));
  }

  /**
   * The list read again; while the database is away, tried again (backing off up to 5 s) until it
   * answers, as the event stream waits out an outage: the stream stays open (its heartbeats go on)
   * and the next snapshot carries every change made meanwhile. Any other failure ends the stream.
   */
  private static <T> Mono<List<T>> rereadThroughOutages(Supplier<Mono<List<T>>> read) {
    return Mono.defer(read)
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, OUTAGE_FIRST_BACKOFF)
                .maxBackoff(OUTAGE_MAX_BACKOFF)
                .filter(error -> DatabaseOutage.classify(error).isPresent()));
  }
}
