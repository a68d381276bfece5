package dev.herald.api.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request Herald refuses, with what the client needs to fix it; rendered as {@code
 * application/problem+json} by {@link ProblemHandler}.
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;
  private final transient List<FieldProblem> fields;

  public ApiException(HttpStatus status, String code, String detail) {
    this(status, code, detail, List.of());
  }

  public ApiException(HttpStatus status, String code, String detail, List<FieldProblem> fields) {
    super(detail);
    this.status = status;
    this.code = code;
    this.fields = List.copyOf(fields);
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

  /** One offending field of a request body. */
  public record FieldProblem(String field, String message) {}
}
