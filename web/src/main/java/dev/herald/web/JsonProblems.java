package dev.herald.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What {@link ProblemHandler} says about a body Jackson could not read: the field and what was
 * expected, in the client's terms (never a Java type or a Jackson setting).
 */
final class JsonProblems {

  private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");

  private JsonProblems() {}

  static ApiException toProblem(JacksonException error) {
    if (error instanceof RefusedValueException refused) {
      return Violations.invalid(path(refused), refused.reason());
    }
    if (error instanceof StreamConstraintsException limit) {
      return tooBig(limit);
    }
    return new ApiException(HttpStatus.BAD_REQUEST, "malformed_body", describe(error));
  }

  /** A JSON reader limit (StreamReadConstraints): depth, number length, string length, … */
  private static ApiException tooBig(StreamConstraintsException error) {
    String message = String.valueOf(error.getOriginalMessage());
    Matcher limit = LIMIT.matcher(message);
    String max = limit.find() ? limit.group(1) : null;
    String detail;
    HttpStatus status = HttpStatus.BAD_REQUEST;
    if (message.startsWith("Document nesting depth")) {
      detail = "The request body is nested too deeply" + at(max, "levels");
    } else if (message.startsWith("Number value length")) {
      detail = "A number in the request body is too long" + at(max, "digits");
    } else if (message.startsWith("String value length")) {
      status = HttpStatus.CONTENT_TOO_LARGE;
      detail = "A string in the request body is too long" + at(max, "characters");
    } else if (message.startsWith("Name length")) {
      detail = "A field name in the request body is too long" + at(max, "characters");
    } else {
      detail = "The request body is too large or too complex to read";
    }
    return new ApiException(
        status, status == HttpStatus.BAD_REQUEST ? "malformed_body" : "body_too_large", detail);
  }

  private static String at(String max, String unit) {
    return max == null ? "" : " (at most " + max + " " + unit + ")";
  }

  private static String describe(JacksonException error) {
    String where = path(error);
    if (error instanceof UnrecognizedPropertyException) {
      return "Unknown field '" + where + "'";
    }
    if (error instanceof InputCoercionException coercion && !where.isEmpty()) {
      // a number too large for its field (1e20 or 99999999999 for an int)
      return "Field '" + where + "' is out of range" + expected(coercion.getTargetType());
    }
    if (error instanceof InvalidFormatException format) {
      return "Field '"
          + where
          + "' has an invalid value "
          + quote(format.getValue())
          + expected(format.getTargetType());
    }
    if (error instanceof MismatchedInputException mismatched) {
      return where.isEmpty()
          ? "The request body has the wrong shape" + expected(mismatched.getTargetType())
          : "Field '" + where + "' has the wrong type" + expected(mismatched.getTargetType());
    }
    if (error instanceof StreamReadException read) {
      var location = read.getLocation();
      return "The request body is not valid JSON"
          + (location == null
              ? ""
              : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
    }
    if (error instanceof DatabindException && !where.isEmpty()) {
      Throwable cause = error.getCause();
      return "Field '"
          + where
          + "' is invalid"
          + (cause instanceof IllegalArgumentException ? ": " + cause.getMessage() : "");
    }
    return "The request body could not be read";
  }

  /** The JSON path of the error: {@code data.items[2].name}. */
  static String path(JacksonException error) {
    List<String> parts = new ArrayList<>();
    for (var reference : error.getPath()) {
      if (reference.getPropertyName() != null) {
        parts.add(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        parts.add("[" + reference.getIndex() + "]");
      }
    }
    return String.join(".", parts).replace(".[", "[");
  }

  /** "; expected …" for a Java type, in JSON terms. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "";
    }
    if (type.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        names.add(constant.toString().toLowerCase(Locale.ROOT));
      }
      return "; expected one of " + names;
    }
    if (type == Integer.class || type == int.class) {
      return "; expected an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE;
    }
    if (type == Long.class || type == long.class) {
      return "; expected an integer between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE;
    }
    if (type == Short.class || type == short.class) {
      return "; expected an integer between " + Short.MIN_VALUE + " and " + Short.MAX_VALUE;
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return "; expected a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "; expected true or false";
    }
    if (type == String.class) {
      return "; expected a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "; expected an array";
    }
    if (type.isRecord() || Map.class.isAssignableFrom(type)) {
      return "; expected an object";
    }
    return "";
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
