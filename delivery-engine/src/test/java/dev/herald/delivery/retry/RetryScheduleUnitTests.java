package dev.herald.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleUnitTests {

  private static final Instant NOW = Instant.parse("2026-06-04T10:00:00Z");
  private static final List<Duration> DEFAULT =
      List.of(
          Duration.ZERO,
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(30),
          Duration.ofHours(2),
          Duration.ofHours(5),
          Duration.ofHours(10),
          Duration.ofHours(10));

  @Test
  void withoutJitter_followsTheScheduleThenStops() {
    RetrySchedule schedule = new RetrySchedule(DEFAULT, 0, () -> 0.5);

    assertThat(schedule.attempts()).isEqualTo(8);
    assertThat(schedule.nextAttemptAt(1, NOW, null)).contains(NOW.plusSeconds(5));
    assertThat(schedule.nextAttemptAt(2, NOW, null)).contains(NOW.plus(Duration.ofMinutes(5)));
    assertThat(schedule.nextAttemptAt(7, NOW, null)).contains(NOW.plus(Duration.ofHours(10)));
    assertThat(schedule.nextAttemptAt(8, NOW, null)).isEmpty();
  }

  @Test
  void jitter_staysWithinTwentyPercent() {
    RetrySchedule low = new RetrySchedule(DEFAULT, 0.2, () -> 0.0);
    RetrySchedule high = new RetrySchedule(DEFAULT, 0.2, () -> 0.999999);

    assertThat(low.nextAttemptAt(2, NOW, null)).contains(NOW.plus(Duration.ofMinutes(4)));
    assertThat(high.nextAttemptAt(2, NOW, null).orElseThrow())
        .isBetween(NOW.plus(Duration.ofSeconds(359)), NOW.plus(Duration.ofMinutes(6)));
  }

  @Test
  void retryAfter_stretchesTheDelay_butNotPastTheLongestDelay() {
    RetrySchedule schedule = new RetrySchedule(DEFAULT, 0, () -> 0.5);

    assertThat(schedule.nextAttemptAt(1, NOW, Duration.ofSeconds(60)))
        .contains(NOW.plusSeconds(60));
    assertThat(schedule.nextAttemptAt(1, NOW, Duration.ofSeconds(1))).contains(NOW.plusSeconds(5));
    assertThat(schedule.nextAttemptAt(1, NOW, Duration.ofDays(3)))
        .contains(NOW.plus(Duration.ofHours(10)));
  }
}
