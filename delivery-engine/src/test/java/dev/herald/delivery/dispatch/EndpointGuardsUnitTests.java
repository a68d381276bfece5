package dev.herald.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.TestWebhookProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
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

  @Test
  void busyEndpoint_waitsForAFreeSlot_withoutAffectingOthers() {
    assertThat(guards.admit("wh_a").admitted()).isTrue();
    assertThat(guards.admit("wh_a").admitted()).isTrue();

    EndpointGuards.Admission third = guards.admit("wh_a");
    assertThat(third.admitted()).isFalse();
    assertThat(third.retryIn()).isEqualTo(Duration.ofSeconds(1));
    assertThat(guards.admit("wh_b").admitted()).isTrue();

    guards.release("wh_a", true, Duration.ofMillis(5));
    assertThat(guards.admit("wh_a").admitted()).isTrue();
  }

  @Test
  void failingEndpoint_isPaused_andItsDeliveriesWaitThePause() {
    for (int i = 0; i < 4; i++) {
      assertThat(guards.admit("wh_down").admitted()).isTrue();
      guards.release("wh_down", false, Duration.ofMillis(5));
    }

    assertThat(guards.state("wh_down")).isEqualTo(CircuitBreaker.State.OPEN);
    EndpointGuards.Admission paused = guards.admit("wh_down");
    assertThat(paused.admitted()).isFalse();
    assertThat(paused.retryIn()).isEqualTo(Duration.ofSeconds(30));
    assertThat(guards.admit("wh_up").admitted()).isTrue();
  }

  @Test
  void healthyEndpoint_staysClosed() {
    for (int i = 0; i < 10; i++) {
      guards.admit("wh_ok");
      guards.release("wh_ok", i % 4 != 0, Duration.ofMillis(5));
    }

    assertThat(guards.state("wh_ok")).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
