package dev.herald.delivery.feed;

import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.storage.events.DomainEvent;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.events.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class FeedSubscriberUnitTests {

  private static final LogPosition BEFORE_ALL = new LogPosition(0, 0);

  private static StoredEvent event(long seq, String type) {
    return new StoredEvent(
        new DomainEvent(
            "evt_" + seq,
            type,
            "herald:test",
            "ten_1",
            "prj_1",
            "r",
            Instant.EPOCH,
            EventPayload.occurred(JsonMapper.shared().createObjectNode())),
        new LogPosition(100, seq));
  }

  @Test
  void takesOnlyTheEventsOfItsTypes_inOrder() {
    FeedSubscriber subscriber =
        new FeedSubscriber(EventTypeFilter.parse(List.of("message.*")), BEFORE_ALL, 10);

    subscriber.offer(
        List.of(event(1, "message.created"), event(2, "gathering.started"), event(3, "message.x")));

    StepVerifier.create(subscriber.events().map(StoredEvent::sequence))
        .expectNext(1L, 3L)
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aSubscriberBeyondItsBuffer_getsWhatItHeldThenFallenBehind() {
    FeedSubscriber subscriber = new FeedSubscriber(EventTypeFilter.everything(), BEFORE_ALL, 2);

    subscriber.offer(List.of(event(1, "a"), event(2, "a"), event(3, "a")));
    subscriber.offer(List.of(event(4, "a")));

    StepVerifier.create(subscriber.events().map(StoredEvent::sequence))
        .expectNext(1L, 2L)
        .expectError(FallenBehind.class)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void eventsTheStreamReadByItself_areSkipped_andTakeNoRoomInItsBuffer() {
    // the stream caught up alone to event 3; the shared feed, behind it, hands over 1 to 5
    FeedSubscriber subscriber =
        new FeedSubscriber(EventTypeFilter.everything(), new LogPosition(100, 3), 2);

    subscriber.offer(List.of(event(1, "a"), event(2, "a"), event(3, "a"), event(4, "a")));
    subscriber.offer(List.of(event(5, "a")));

    StepVerifier.create(subscriber.events().map(StoredEvent::sequence))
        .expectNext(4L, 5L)
        .thenCancel()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void aFailedFeed_endsTheSubscriberWithItsError() {
    FeedSubscriber subscriber = new FeedSubscriber(EventTypeFilter.everything(), BEFORE_ALL, 2);

    subscriber.offer(List.of(event(1, "a")));
    subscriber.fail(new IllegalStateException("database gone"));

    StepVerifier.create(subscriber.events().map(StoredEvent::sequence))
        .expectNext(1L)
        .expectErrorMessage("database gone")
        .verify(Duration.ofSeconds(5));
  }
}
