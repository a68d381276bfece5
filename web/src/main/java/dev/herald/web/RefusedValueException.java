package dev.herald.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;

/**
 * A JSON value Herald refuses to take (a NUL in a string, a time beyond year 9999); Jackson records
 * the path to it as it unwinds, and {@link ProblemHandler} answers 422 naming that field.
 */
final class RefusedValueException extends DatabindException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  RefusedValueException(JsonParser parser, String reason) {
    super(parser, reason);
    this.reason = reason;
  }

  /** What is wrong with the value, e.g. "must not contain the NUL character (U+0000)". */
  String reason() {
    return reason;
  }
}
