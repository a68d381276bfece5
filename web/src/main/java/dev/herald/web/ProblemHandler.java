package dev.herald.web;

import dev.herald.storage.database.DatabaseOutage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
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
    Map<String, Object> body = document(problem, exchange.getRequest().getPath().value());
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

  /** The problem document's members; {@code instance} is left out when null. */
  static Map<String, Object> document(ApiException problem, String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "urn:herald:problem:" + problem.code().replace('_', '-'));
    body.put("title", title(problem.status()));
    body.put("status", problem.status().value());
    body.put("detail", problem.getMessage());
    if (instance != null) {
      body.put("instance", instance);
    }
    body.put("code", problem.code());
    if (!problem.fields().isEmpty()) {
      body.put("errors", problem.fields());
    }
    return body;
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
      return JsonProblems.toProblem(jackson);
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
      return new ApiException(
          HttpStatus.BAD_REQUEST, "bad_request", ParameterProblems.describe(input));
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

  private static String title(HttpStatus status) {
    return status.getReasonPhrase();
  }

  static <T extends Throwable> T find(Throwable error, Class<T> type) {
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
