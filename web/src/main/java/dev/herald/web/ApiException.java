package dev.herald.web;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request Herald refuses, with what the client needs to fix it; rendered as {@code
 * application/problem+json} by {@link ProblemHandler}. An answer, not a fault: it carries no stack
 * trace (filling one in cost a visible share of the request path when refusals are built eagerly,
 * e.g. as a {@code switchIfEmpty} fallback).
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;
  private final transient List<FieldProblem> fields;
  private final transient Duration retryAfter;

  public ApiException(HttpStatus status, String code, String detail) {
    this(status, code, detail, List.of());
  }

  public ApiException(HttpStatus status, String code, String detail, List<FieldProblem> fields) {
    this(status, code, detail, fields, null);
  }

  private ApiException(
      HttpStatus status,
      String code,
      String detail,
      List<FieldProblem> fields,
      Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.fields = List.copyOf(fields);
    this.retryAfter = retryAfter;
  }

  /** 503: the caller may retry after {@code retryAfter} (sent as {@code Retry-After}). */
  public static ApiException serviceUnavailable(String code, String detail, Duration retryAfter) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, detail, List.of(), retryAfter);
  }

  /** 429: the caller must wait {@code retryAfter} (sent as {@code Retry-After}). */
  public static ApiException tooManyRequests(String detail, Duration retryAfter) {
    return new ApiException(
        HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", detail, List.of(), retryAfter);
  }

  /** 404: the resource does not exist in the caller's project. */
  public static ApiException notFound(String what, String id) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "not_found", "No " + what + " " + id + " in this project");
  }

  /** 409: the request conflicts with the resource's current state. */
  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, "conflict", detail);
  }

  /** 400: the request is malformed (a parameter, a header). */
  public static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", detail);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldProblem> fields() {
    return fields;
  }

  /** How long the caller should wait before trying again, if that is known. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** One offending field of a request body. */
  public record FieldProblem(String field, String message) {}
}
