package dev.herald.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one parser of times a client sends, in a body or a query parameter: ISO-8601 with an offset
 * ({@code 2026-07-01T15:00:00Z}, {@code 2026-07-01T17:00:00+02:00}), in the years 0001 to 9999.
 * Java reads years up to ±999,999,999, PostgreSQL stores 4713 BC to 294276 AD, browsers and
 * calendar files four-digit years: the four-digit years are what every one of them agrees on, so a
 * time Herald accepts can be stored, compared, scheduled and sent back as it came.
 */
public final class TimeInput {

  /** The earliest time accepted. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest time accepted. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  static final String FORMAT = "must be an ISO-8601 time with an offset, e.g. 2026-07-01T15:00:00Z";
  static final String RANGE = "must be in the years 0001 to 9999";

  private TimeInput() {}

  /**
   * The instant {@code text} names.
   *
   * @throws DateTimeException saying what is wrong (fit for a client) when it is not a time or out
   *     of range
   */
  public static Instant parse(String text) {
    Instant instant;
    try {
      instant = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new DateTimeException(FORMAT);
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new DateTimeException(RANGE);
    }
    return instant;
  }

  /** A body field's time, or null (with a violation naming {@code field}) if it is not one. */
  public static Instant field(Violations violations, String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return parse(text);
    } catch (DateTimeException e) {
      violations.add(field, e.getMessage());
      return null;
    }
  }

  /** A query parameter's time (null when absent), or a 400 naming {@code name}. */
  public static Instant parameter(String name, String text) {
    if (text == null) {
      return null;
    }
    try {
      return parse(text);
    } catch (DateTimeException e) {
      throw ApiException.badRequest(name + " " + e.getMessage() + " (was '" + text + "')");
    }
  }
}
