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
    return new ClaimedDelivery(delivery, null, "http://x", "whsec_AA==", null, null, false);
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
}
