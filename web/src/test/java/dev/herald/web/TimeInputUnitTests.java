package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class TimeInputUnitTests {

  @Test
  void parse_acceptsOffsetsAndZulu() {
    assertThat(TimeInput.parse("2026-07-01T17:00:00+02:00"))
        .isEqualTo(Instant.parse("2026-07-01T15:00:00Z"));
    assertThat(TimeInput.parse("2026-07-01T15:00:00.123Z"))
        .isEqualTo(Instant.parse("2026-07-01T15:00:00.123Z"));
  }

  @Test
  void parse_acceptsTheEdgesOfTheFourDigitYears() {
    assertThat(TimeInput.parse("0001-01-01T00:00:00Z")).isEqualTo(TimeInput.EARLIEST);
    assertThat(TimeInput.parse("9999-12-31T23:59:59.999999999Z")).isEqualTo(TimeInput.LATEST);
  }

  @Test
  void parse_refusesYearsBeyondFourDigits() {
    for (String text :
        new String[] {
          "+999999999-12-31T23:59:59Z",
          "+10000-01-01T00:00:00Z",
          "9999-12-31T23:59:59-01:00",
          "0000-12-31T23:59:59Z",
          "-999999999-01-01T00:00:00Z"
        }) {
      assertThatThrownBy(() -> TimeInput.parse(text))
          .as(text)
          .isInstanceOf(DateTimeException.class)
          .hasMessage(TimeInput.RANGE);
    }
  }

  @Test
  void parse_refusesWhatIsNotATimeWithAnOffset() {
    for (String text : new String[] {"", "yesterday", "2026-07-01", "2026-07-01T15:00:00", "\0"}) {
      assertThatThrownBy(() -> TimeInput.parse(text)).as(text).hasMessage(TimeInput.FORMAT);
    }
  }

  @Test
  void field_recordsAViolationNamingTheField() {
    Violations violations = new Violations();
    assertThat(TimeInput.field(violations, "startsAt", "+999999999-12-31T23:59:59Z")).isNull();
    assertThat(TimeInput.field(violations, "endsAt", null)).isNull();
    assertThat(violations.has("startsAt")).isTrue();
    assertThat(violations.has("endsAt")).isFalse();
  }

  @Test
  void parameter_isA400NamingTheParameter() {
    assertThatThrownBy(() -> TimeInput.parameter("since", "+999999999-12-31T23:59:59Z"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.getMessage()).startsWith("since must be in the years 0001 to 9999");
            });
    assertThat(TimeInput.parameter("since", null)).isNull();
  }
}
