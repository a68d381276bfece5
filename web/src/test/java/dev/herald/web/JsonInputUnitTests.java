package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How a JSON body is read: {@link JsonInputModule} and what {@link JsonProblems} says. */
class JsonInputUnitTests {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .addModule(new JsonInputModule())
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  record Body(
      String name,
      List<String> tags,
      Map<String, String> labels,
      JsonNode data,
      Integer count,
      Long seconds,
      Instant at,
      OffsetDateTime when) {}

  private static ApiException problemOf(String body) {
    JacksonException error =
        catchThrowableOfType(JacksonException.class, () -> JSON.readValue(body, Body.class));
    assertThat(error).as("refusal of %s", body).isNotNull();
    return JsonProblems.toProblem(error);
  }

  private static void assertRefused(String body, String field, String reason) {
    ApiException problem = problemOf(body);
    assertThat(problem.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    assertThat(problem.fields())
        .extracting(ApiException.FieldProblem::field)
        .containsExactly(field);
    assertThat(problem.fields().get(0).message()).contains(reason);
    assertThat(problem.getMessage()).startsWith(field + ": ");
  }

  @Test
  void nulInAField_isRefusedNamingIt() {
    assertRefused("{\"name\":\"a\\u0000b\"}", "name", "NUL");
  }

  @Test
  void nulInAListElement_namesItsIndex() {
    assertRefused("{\"tags\":[\"ok\",\"\\u0000\"]}", "tags[1]", "NUL");
  }

  @Test
  void nulInAMapValueOrKey_isRefused() {
    assertRefused("{\"labels\":{\"k\":\"v\\u0000\"}}", "labels.k", "NUL");
    assertThat(problemOf("{\"labels\":{\"k\\u0000\":\"v\"}}").fields().get(0).field())
        .startsWith("labels");
  }

  @Test
  void nulDeepInsideFreeFormJson_namesItsPath() {
    assertRefused("{\"data\":{\"content\":\"x\\u0000\"}}", "data.content", "NUL");
    assertRefused(
        "{\"data\":{\"items\":[{\"a\":1},{\"a\":[\"ok\",\"\\u0000\"]}]}}",
        "data.items[1].a[1]",
        "NUL");
    assertRefused("{\"data\":{\"k\\u0000\":1}}", "data.k\u0000", "NUL");
  }

  @Test
  void loneSurrogates_areRefused() {
    assertRefused("{\"name\":\"\\ud800\"}", "name", "surrogate");
    assertRefused("{\"name\":\"a\\udc00b\"}", "name", "surrogate");
    assertRefused("{\"data\":{\"t\":\"\\ud83d\"}}", "data.t", "surrogate");
  }

  @Test
  void surrogatePairsAndOtherControlCharacters_areKept() {
    Body body = JSON.readValue("{\"name\":\"\\ud83d\\ude00 a\\tb\\nc\"}", Body.class);
    assertThat(body.name()).isEqualTo("\uD83D\uDE00 a\tb\nc");
  }

  @Test
  void nullFreeFormJson_staysANullNode() {
    Body body = JSON.readValue("{\"data\":null}", Body.class);
    assertThat(body.data().isNull()).isTrue();
    assertThat(JSON.readValue("{}", Body.class).data()).isNull();
  }

  @Test
  void infiniteNumberInFreeFormJson_isRefused() {
    assertRefused("{\"data\":{\"n\":1e400}}", "data.n", "finite");
  }

  @Test
  void integerTooLarge_namesTheFieldAndTheRange() {
    for (String value : List.of("1e20", "99999999999", "1.5")) {
      ApiException problem = problemOf("{\"count\":" + value + "}");
      assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(problem.getMessage())
          .as(value)
          .startsWith("Field 'count'")
          .contains("expected an integer between -2147483648 and 2147483647")
          .doesNotContain("JSON", "java", "Coercion");
    }
    assertThat(problemOf("{\"seconds\":1e30}").getMessage())
        .startsWith("Field 'seconds'")
        .contains("expected an integer between -9223372036854775808 and 9223372036854775807");
  }

  @Test
  void deepNesting_isA400SayingSo() {
    ApiException problem = problemOf("{\"data\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
    assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problem.getMessage()).contains("nested too deeply").doesNotContain("Stream");
  }

  @Test
  void overlongNumber_isA400SayingSo() {
    ApiException problem = problemOf("{\"data\":" + "9".repeat(2_000) + "}");
    assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(problem.getMessage()).contains("number").contains("too long");
  }

  @Test
  void typedTimes_areReadWithinTheYears0001To9999() {
    Body body =
        JSON.readValue(
            "{\"at\":\"2026-07-01T15:00:00+02:00\",\"when\":\"2026-07-01T13:00:00Z\"}", Body.class);
    assertThat(body.at()).isEqualTo(Instant.parse("2026-07-01T13:00:00Z"));
    assertThat(body.when().toInstant()).isEqualTo(body.at());
    assertRefused("{\"at\":\"+999999999-12-31T23:59:59Z\"}", "at", "0001 to 9999");
    assertRefused("{\"when\":\"-0001-01-01T00:00:00Z\"}", "when", "0001 to 9999");
    assertRefused("{\"at\":\"tomorrow\"}", "at", "ISO-8601");
  }
}
