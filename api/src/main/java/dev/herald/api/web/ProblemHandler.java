package dev.herald.api.web;

import dev.herald.storage.database.DatabaseOutage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place every error becomes {@code application/problem+json} (RFC 9457): {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, a stable {@code code}, and the
 * offending {@code errors} for invalid bodies. Nothing internal (stack traces, SQL, class names)
 * reaches the client.
 */
@Component
@Order(-2)
public class ProblemHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final JsonMapper json;
  private final DatabaseUnavailable databaseUnavailable;

  public ProblemHandler(JsonMapper json, DatabaseOutage outage) {
    this.json = json;
    this.databaseUnavailable = new DatabaseUnavailable(outage);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    ApiException unavailable = databaseUnavailable.toProblem(error);
    ApiException problem = unavailable != null ? unavailable : toProblem(error);
    if (unavailable == null && problem.status().is5xxServerError()) {
      log.error(
          "Unexpected error on {} {}",
          exchange.getRequest().getMethod(),
          exchange.getRequest().getPath(),
          error);
    }
    if (error instanceof MethodNotAllowedException notAllowed) {
      exchange.getResponse().getHeaders().setAllow(notAllowed.getSupportedMethods());
    }
    return render(exchange, problem);
  }

  /**
   * Answers the exchange with {@code problem} as problem+json; for the parts of Herald that answer
   * before a handler runs (the security chain's firewall, authentication and authorization).
   */
  public Mono<Void> render(ServerWebExchange exchange, ApiException problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:herald:problem:" + problem.code().replace('_', '-'));
    body.put("title", title(problem.status()));
    body.put("status", problem.status().value());
    body.put("detail", problem.getMessage());
    body.put("instance", exchange.getRequest().getPath().value());
    body.put("code", problem.code());
    if (!problem.fields().isEmpty()) {
      body.put("errors", problem.fields());
    }
    var response = exchange.getResponse();
    response.setStatusCode(problem.status());
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (problem.status() == HttpStatus.UNAUTHORIZED) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"herald\"");
    }
    if (problem.retryAfter() != null) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfter().toSeconds()));
    }
    DataBuffer buffer = response.bufferFactory().wrap(json.writeValueAsBytes(body));
    return response.writeWith(Mono.just(buffer));
  }

  static ApiException toProblem(Throwable error) {
    if (error instanceof ApiException api) {
      return api;
    }
    if (error instanceof ServerExchangeRejectedException rejected) {
      // a query parameter refused by the firewall when a handler first reads it
      return new ApiException(HttpStatus.BAD_REQUEST, "rejected_request", rejected.getMessage());
    }
    DataBufferLimitException tooLarge = find(error, DataBufferLimitException.class);
    if (tooLarge != null) {
      return new ApiException(
          HttpStatus.CONTENT_TOO_LARGE, "body_too_large", "The request body is too large");
    }
    JacksonException jackson = find(error, JacksonException.class);
    if (jackson != null) {
      return new ApiException(HttpStatus.BAD_REQUEST, "malformed_body", describe(jackson));
    }
    if (error instanceof UnsupportedMediaTypeStatusException media) {
      return new ApiException(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "Content-Type "
              + (media.getContentType() == null ? "(none)" : media.getContentType())
              + " is not supported; send application/json");
    }
    if (error instanceof MethodNotAllowedException notAllowed) {
      return new ApiException(
          HttpStatus.METHOD_NOT_ALLOWED,
          "method_not_allowed",
          notAllowed.getHttpMethod()
              + " is not allowed here; allowed: "
              + notAllowed.getSupportedMethods());
    }
    if (error instanceof ServerWebInputException input) {
      return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", describe(input));
    }
    if (error instanceof ResponseStatusException status) {
      HttpStatusCode code = status.getStatusCode();
      HttpStatus known = HttpStatus.resolve(code.value());
      HttpStatus resolved = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
      String detail =
          resolved == HttpStatus.NOT_FOUND
              ? "No such resource"
              : status.getReason() != null ? status.getReason() : resolved.getReasonPhrase();
      return new ApiException(resolved, resolved.name().toLowerCase(Locale.ROOT), detail);
    }
    return new ApiException(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal_error",
        "Herald failed to handle this request; it has been logged");
  }

  private static String describe(ServerWebInputException input) {
    String reason = input.getReason() == null ? "" : input.getReason();
    if (reason.startsWith("No request body")) {
      return "The request body is missing";
    }
    if (input.getCause() instanceof DecodingException) {
      return "The request body could not be read";
    }
    if (input.getMethodParameter() != null
        && input.getMethodParameter().getParameterName() != null) {
      // e.g. a query parameter that is not a number: name it, not the Java method behind it
      return "Parameter '" + input.getMethodParameter().getParameterName() + "' is invalid";
    }
    return "The request is malformed";
  }

  private static String describe(JacksonException error) {
    String where = path(error);
    if (error instanceof UnrecognizedPropertyException unknown) {
      return "Unknown field '" + where + "'";
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

  private static String path(JacksonException error) {
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

  private static String expected(Class<?> type) {
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

  private static String title(HttpStatus status) {
    return status.getReasonPhrase();
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable current = error; current != null; current = current.getCause()) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      if (current.getCause() == current) {
        break;
      }
    }
    return null;
  }
}
