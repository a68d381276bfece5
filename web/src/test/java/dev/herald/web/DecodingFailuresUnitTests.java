package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class DecodingFailuresUnitTests {

  @Test
  void isUri_acceptsWhatSpringReads() {
    assertThat(DecodingFailures.isUri("/v1/events?limit=10&after=evt_1")).isTrue();
    assertThat(DecodingFailures.isUri("/v1/participants/a%00b?since=%2B2026")).isTrue();
    assertThat(DecodingFailures.isUri("/v1/participants/ü")).isTrue();
  }

  @Test
  void isUri_refusesControlCharactersSpacesAndBadEscapes() {
    assertThat(DecodingFailures.isUri("/v1/ev\u0001ents")).isFalse();
    assertThat(DecodingFailures.isUri("/v1/a b")).isFalse();
    assertThat(DecodingFailures.isUri("/v1/a|b")).isFalse();
    assertThat(DecodingFailures.isUri("/v1/events?x=%zz")).isFalse();
  }

  @Test
  void problem_namesTheLimitThatWasExceeded() {
    assertThat(DecodingFailures.problem(new TooLongHttpLineException("x")).status())
        .isEqualTo(HttpStatus.URI_TOO_LONG);
    assertThat(DecodingFailures.problem(new TooLongHttpHeaderException("x")).status())
        .isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    assertThat(DecodingFailures.problem(new IllegalArgumentException("x")).status())
        .isEqualTo(HttpStatus.BAD_REQUEST);
  }
}
