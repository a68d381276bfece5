package dev.herald.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.TestWebhookProperties;
import dev.herald.storage.deliveries.ClaimedDelivery;
import dev.herald.storage.deliveries.Delivery;
import dev.herald.storage.deliveries.DeliveryStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointGuardsUnitTests {

  private final EndpointGuards guards =
      new EndpointGuards(
          TestWebhookProperties.with(
              Map.of(
                  "herald.webhooks.endpoint-concurrency", "2",
                  "herald.webhooks.defer-delay", "1s",
                  "herald.webhooks.breaker-window", "4",
                  "herald.webhooks.breaker-failure-rate", "50",
                  "herald.webhooks.breaker-pause", "30s")));

  private int next;

  private ClaimedDelivery delivery(String webhookId) {
    return delivery(webhookId, null);
  }

  private ClaimedDelivery delivery(String webhookId, Integer rateLimit) {
    Delivery delivery =
        new Delivery(
            "prj",
            "dlv_" + next++,
            webhookId,
            "evt",
            "bot.status.changed",
            1,
            DeliveryStatus.PENDING,
            0,
            Instant.now(),
            null,
            null,
            Instant.now(),
            Instant.now());
    return new ClaimedDelivery(
        delivery, null, "http://x", "whsec_AA==", null, null, false, rateLimit);
  }

  @Test
  void busyEndpoint_queuesThenDefers_withoutAffectingOthers() {
    assertThat(guards.admit(delivery("wh_a"))).isInstanceOf(EndpointGuards.Start.class);
    assertThat(guards.admit(delivery("wh_a"))).isInstanceOf(EndpointGuards.Start.class);
    for (int i = 0; i < 4; i++) {
      assertThat(guards.admit(delivery("wh_a"))).isInstanceOf(EndpointGuards.Queued.class);
    }

    assertThat(guards.admit(delivery("wh_a")))
        .isEqualTo(new EndpointGuards.Defer(Duration.ofSeconds(1)));
    assertThat(guards.admit(delivery("wh_b"))).isInstanceOf(EndpointGuards.Start.class);
    assertThat(guards.held("wh_a")).isEqualTo(6);
  }

  @Test
  void finishedAttempt_handsItsSlotToTheNextWaiting() {
    guards.admit(delivery("wh_a"));
    guards.admit(delivery("wh_a"));
    ClaimedDelivery waiting = delivery("wh_a");
    guards.admit(waiting);

    EndpointGuards.Handover handover = guards.release("wh_a", true, Duration.ofMillis(5));

    assertThat(handover.start()).isSameAs(waiting);
    assertThat(guards.held("wh_a")).isEqualTo(2);
    assertThat(guards.release("wh_a", true, Duration.ofMillis(5)).start()).isNull();
    assertThat(guards.held("wh_a")).isEqualTo(1);
  }

  @Test
  void failingEndpoint_isPaused_andItsWaitingDeliveriesDeferred() {
    for (int i = 0; i < 4; i++) {
      assertThat(guards.admit(delivery("wh_down"))).isInstanceOf(EndpointGuards.Start.class);
      guards.release("wh_down", false, Duration.ofMillis(5));
    }

    assertThat(guards.state("wh_down")).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(guards.admit(delivery("wh_down")))
        .isEqualTo(new EndpointGuards.Defer(Duration.ofSeconds(30)));
    assertThat(guards.admit(delivery("wh_up"))).isInstanceOf(EndpointGuards.Start.class);
  }

  @Test
  void endpointPausedWhileDeliveriesWait_defersThemAll() {
    EndpointGuards tight =
        new EndpointGuards(
            TestWebhookProperties.with(
                Map.of(
                    "herald.webhooks.endpoint-concurrency",
                    "1",
                    "herald.webhooks.breaker-window",
                    "1",
                    "herald.webhooks.breaker-pause",
                    "30s")));
    tight.admit(delivery("wh_x"));
    tight.admit(delivery("wh_x"));
    tight.admit(delivery("wh_x"));

    EndpointGuards.Handover handover = tight.release("wh_x", false, Duration.ofMillis(5));

    assertThat(handover.start()).isNull();
    assertThat(handover.defer()).hasSize(2);
    assertThat(handover.retryIn()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tight.held("wh_x")).isZero();
  }

  @Test
  void healthyEndpoint_staysClosed() {
    for (int i = 0; i < 10; i++) {
      guards.admit(delivery("wh_ok"));
      guards.release("wh_ok", i % 4 != 0, Duration.ofMillis(5));
    }

    assertThat(guards.state("wh_ok")).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  /** Guards on a clock the test moves, with room for many attempts in flight. */
  private final long[] now = {0};

  private final EndpointGuards timed =
      new EndpointGuards(
          TestWebhookProperties.with(Map.of("herald.webhooks.endpoint-concurrency", "16")),
          () -> now[0]);

  private void advance(Duration duration) {
    now[0] += duration.toNanos();
  }

  @Test
  void rateLimitedEndpoint_startsItsRate_thenDefersUntilTheNextToken() {
    for (int i = 0; i < 3; i++) {
      assertThat(timed.admit(delivery("wh_rl", 3))).isInstanceOf(EndpointGuards.Start.class);
    }

    assertThat(timed.admit(delivery("wh_rl", 3)))
        .isEqualTo(new EndpointGuards.Defer(Duration.ofNanos(333_333_334)));
    assertThat(timed.admit(delivery("wh_other", null))).isInstanceOf(EndpointGuards.Start.class);
    advance(Duration.ofMillis(334));
    assertThat(timed.admit(delivery("wh_rl", 3))).isInstanceOf(EndpointGuards.Start.class);
    assertThat(timed.admit(delivery("wh_rl", 3))).isInstanceOf(EndpointGuards.Defer.class);
  }

  @Test
  void idleRateLimitedEndpoint_burstsAtMostOneSecondsWorth() {
    timed.admit(delivery("wh_rl", 4));
    timed.release("wh_rl", true, Duration.ofMillis(1));
    advance(Duration.ofMinutes(5));
    int started = 0;
    for (int i = 0; i < 10; i++) {
      if (timed.admit(delivery("wh_rl", 4)) instanceof EndpointGuards.Start) {
        started++;
      }
    }

    assertThat(started).isEqualTo(4);
  }

  @Test
  void room_ofARateLimitedEndpoint_isItsTokens_untilItHasRestedASecond() {
    timed.admit(delivery("wh_rl", 2));
    timed.release("wh_rl", true, Duration.ofMillis(1));
    timed.admit(delivery("wh_rl", 2));
    timed.release("wh_rl", true, Duration.ofMillis(1));

    assertThat(timed.room()).containsEntry("wh_rl", 0);
    advance(Duration.ofMillis(500));
    assertThat(timed.room()).containsEntry("wh_rl", 1);
    advance(Duration.ofMillis(500));
    assertThat(timed.room()).doesNotContainKey("wh_rl");
  }

  @Test
  void waitingDeliveries_overTheRate_areDeferredWhenASlotFrees() {
    EndpointGuards narrow =
        new EndpointGuards(
            TestWebhookProperties.with(Map.of("herald.webhooks.endpoint-concurrency", "1")),
            () -> now[0]);
    narrow.admit(delivery("wh_rl", 1));
    ClaimedDelivery waiting = delivery("wh_rl", 1);
    assertThat(narrow.admit(waiting)).isInstanceOf(EndpointGuards.Queued.class);
    advance(Duration.ofMillis(250));

    EndpointGuards.Handover handover = narrow.release("wh_rl", true, Duration.ofMillis(250));

    assertThat(handover.start()).isNull();
    assertThat(handover.defer()).containsExactly(waiting);
    assertThat(handover.retryIn()).isEqualTo(Duration.ofMillis(750));
    assertThat(narrow.held("wh_rl")).isZero();
  }

  @Test
  void changedRateLimit_appliesToTheNextDelivery() {
    for (int i = 0; i < 5; i++) {
      timed.admit(delivery("wh_rl", 10));
    }

    // lowered to 2 a second: the 5 tokens left are cut to 2
    assertThat(timed.admit(delivery("wh_rl", 2))).isInstanceOf(EndpointGuards.Start.class);
    assertThat(timed.admit(delivery("wh_rl", 2))).isInstanceOf(EndpointGuards.Start.class);
    assertThat(timed.admit(delivery("wh_rl", 2))).isInstanceOf(EndpointGuards.Defer.class);
    // removed: no limit at all
    assertThat(timed.admit(delivery("wh_rl", null))).isInstanceOf(EndpointGuards.Start.class);
  }
}
