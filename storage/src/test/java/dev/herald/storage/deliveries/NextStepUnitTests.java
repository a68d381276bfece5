package dev.herald.storage.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The delivery state machine's decision, as a table: answer × retry offered → step. */
class NextStepUnitTests {

  private static final Instant LATER = Instant.parse("2026-12-03T12:00:05Z");

  @ParameterizedTest(name = "HTTP {0}, retry offered {1} → {2}, again {3}, endpoint {4}")
  @CsvSource(
      nullValues = "none",
      value = {
        // answer, retry offered, status, due again, endpoint
        "200,  yes, DELIVERED, no,  ANSWERING",
        "204,  no,  DELIVERED, no,  ANSWERING",
        "299,  yes, DELIVERED, no,  ANSWERING",
        "300,  yes, RETRYING,  yes, FAILING",
        "199,  yes, RETRYING,  yes, FAILING",
        "404,  yes, RETRYING,  yes, FAILING",
        "429,  yes, RETRYING,  yes, FAILING",
        "500,  yes, RETRYING,  yes, FAILING",
        "500,  no,  FAILED,    no,  FAILING",
        "none, yes, RETRYING,  yes, FAILING",
        "none, no,  FAILED,    no,  FAILING",
        "410,  yes, RETRYING,  yes, GONE",
        "410,  no,  FAILED,    no,  GONE",
      })
  void anAttempt_movesItsDeliveryAndJudgesItsEndpoint(
      Integer answer,
      String retryOffered,
      DeliveryStatus status,
      String dueAgain,
      NextStep.Endpoint endpoint) {
    Optional<Instant> offer = "yes".equals(retryOffered) ? Optional.of(LATER) : Optional.empty();

    NextStep step = NextStep.after(answer, offer);

    assertThat(step.status()).isEqualTo(status);
    assertThat(step.nextAttemptAt()).isEqualTo("yes".equals(dueAgain) ? LATER : null);
    assertThat(step.endpoint()).isEqualTo(endpoint);
    // every step is a legal move from an open delivery
    assertThat(DeliveryStatus.PENDING.canMoveTo(step.status())).isTrue();
    assertThat(DeliveryStatus.RETRYING.canMoveTo(step.status())).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"PENDING, true", "RETRYING, true", "DELIVERED, false", "FAILED, false"})
  void theOpenStatuses_areTheSqlListTheQueriesUse(DeliveryStatus status, boolean open) {
    assertThat(status.isOpen()).isEqualTo(open);
    assertThat(DeliveryStatus.OPEN_SQL.contains(status.sql())).isEqualTo(open);
    assertThat(DeliveryStatus.OPEN_SQL).isEqualTo("('pending', 'retrying')");
  }
}
