package dev.herald.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.api.ApiIntegrationTest;
import dev.herald.delivery.feed.FallenBehind;
import dev.herald.delivery.feed.LiveEventFeed;
import dev.herald.delivery.matching.EventTypeFilter;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.LogPosition;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.events.StoredEvent;
import dev.herald.storage.projects.ProjectRef;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live part of every stream of a project on one instance is one shared read per new batch, not
 * one per stream, and each stream still gets exactly its events, in order, however it joins.
 */
class SharedLiveFeedIntegrationTests extends ApiIntegrationTest {

  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final JsonMapper JSON = JsonMapper.shared();

  @Autowired EventLog eventLog;
  @Autowired LiveEventFeed feed;
  @Autowired MeterRegistry meters;

  private final List<OpenStream> streams = new ArrayList<>();
  private final List<Disposable> followers = new ArrayList<>();

  @AfterEach
  void close() {
    streams.forEach(OpenStream::close);
    followers.forEach(Disposable::dispose);
  }

  @Test
  void fiftyStreams_costAboutOneReadPerBatch_andEachGetsExactlyItsEventsInOrder() {
    int n = 50;
    int m = 20;
    TestProject project = newProject();
    List<OpenStream> all = new ArrayList<>();
    List<OpenStream> messagesOnly = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean filtered = i % 2 == 1;
      OpenStream stream =
          OpenStream.connect(
              port,
              filtered ? "/v1/events/stream?types=message.*" : "/v1/events/stream",
              project.apiKey());
      streams.add(stream);
      (filtered ? messagesOnly : all).add(stream);
    }
    await().atMost(BOUND).until(() -> streams.stream().allMatch(OpenStream::heardHeartbeat));
    double before = reads();

    List<String> published = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      String type = i % 2 == 0 ? "message.created" : "gathering.started";
      String id = append(project, type);
      published.add(id);
      if (type.startsWith("message.")) {
        messages.add(id);
      }
    }

    await()
        .atMost(BOUND)
        .until(
            () ->
                all.stream().allMatch(s -> s.eventIds().size() >= m)
                    && messagesOnly.stream().allMatch(s -> s.eventIds().size() >= m / 2));
    double reads = reads() - before;
    all.forEach(s -> assertThat(s.eventIds()).containsExactlyElementsOf(published));
    messagesOnly.forEach(s -> assertThat(s.eventIds()).containsExactlyElementsOf(messages));
    // one batch (and one look for held-back events) per commit, whatever the number of streams;
    // each stream reading for itself would be n * m = 1000
    System.out.printf("shared feed: %d streams, %d events, %.0f log reads%n", n, m, reads);
    assertThat(reads).isLessThan(n * m / 10.0);
  }

  @Test
  void joiningWhileEventsFlow_eachFollowerGetsExactlyTheEventsAfterItsStart() {
    TestProject project = newProject();
    // a follower from now keeps the project's shared feed running throughout
    Queue<String> first = follow(project, now());
    List<String> published = new ArrayList<>();
    List<Integer> startsAfter = new ArrayList<>();
    List<Queue<String>> joiners = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      published.add(append(project, "message.created"));
      if (i % 6 == 5) {
        // resume from an event a few back: behind the shared feed, or level with it
        int from = i - (i % 12 == 11 ? 0 : 3);
        startsAfter.add(from);
        joiners.add(follow(project, position(project, published.get(from))));
      }
    }
    String last = append(project, "message.created");
    published.add(last);

    await()
        .atMost(BOUND)
        .until(() -> first.contains(last) && joiners.stream().allMatch(q -> q.contains(last)));
    assertThat(first).containsExactlyElementsOf(published);
    for (int k = 0; k < joiners.size(); k++) {
      assertThat(joiners.get(k))
          .containsExactlyElementsOf(published.subList(startsAfter.get(k) + 1, published.size()));
    }
  }

  @Test
  void aFollowerFallingTooFarBehind_isEndedAfterWhatItsBufferHeld() {
    TestProject project = newProject();
    // a follower that keeps up holds the shared feed at the warm-up event: joining there, the
    // slow follower takes everything after from the feed, into its buffer of 3
    Queue<String> keepingUp = follow(project, now());
    String warmUp = append(project, "message.created");
    await().atMost(BOUND).until(() -> keepingUp.contains(warmUp));
    LogPosition from = position(project, warmUp);

    StepVerifier.create(feed.follow(project.projectId(), EventTypeFilter.everything(), from, 3), 0)
        .then(
            () -> {
              // five in one commit: one batch, handed to both followers in one go; the marker
              // comes in a later batch, so once the fast follower has it the slow one has been
              // offered all five (no waiting on timing)
              appendFive(project);
              String marker = append(project, "message.created");
              await().atMost(BOUND).until(() -> keepingUp.contains(marker));
            })
        .thenRequest(Long.MAX_VALUE)
        .expectNextCount(3)
        .expectError(FallenBehind.class)
        .verify(BOUND);
  }

  private Queue<String> follow(TestProject project, LogPosition from) {
    Queue<String> received = new ConcurrentLinkedQueue<>();
    followers.add(
        feed.follow(project.projectId(), EventTypeFilter.everything(), from, 1000)
            .map(stored -> stored.event().id())
            .subscribe(received::add));
    return received;
  }

  private LogPosition now() {
    return feed.now().block(BOUND);
  }

  private LogPosition position(TestProject project, String eventId) {
    return feed.positionOf(project.projectId(), eventId).block(BOUND);
  }

  private double reads() {
    return meters.get("herald.events.feed.reads").functionCounter().count();
  }

  private void appendFive(TestProject project) {
    ProjectRef ref = new ProjectRef(project.tenantId(), project.projectId());
    NewEvent event =
        new NewEvent(
            "message.created",
            "herald:test",
            "gathering:g1",
            EventPayload.occurred(JSON.createObjectNode().put("n", 1)));
    eventLog
        .appendAll(java.util.Collections.nCopies(5, ref), java.util.Collections.nCopies(5, event))
        .block(BOUND);
  }

  private String append(TestProject project, String type) {
    StoredEvent stored =
        eventLog
            .append(
                new ProjectRef(project.tenantId(), project.projectId()),
                new NewEvent(
                    type,
                    "herald:test",
                    "gathering:g1",
                    EventPayload.occurred(JSON.createObjectNode().put("n", 1))))
            .block(BOUND);
    return stored.event().id();
  }
}
