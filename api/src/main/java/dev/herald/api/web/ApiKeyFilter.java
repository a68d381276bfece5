package dev.herald.api.web;

import dev.herald.storage.projects.ApiKeyRepository;
import dev.herald.storage.projects.ProjectRef;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every {@code /v1/**} request by its {@code Authorization: Bearer} API key and
 * records the caller's project for the handlers. The event stream also takes a short-lived {@code
 * token} query parameter, for browsers whose EventSource cannot send headers.
 */
@Component
@Order(-100)
public class ApiKeyFilter implements WebFilter {

  static final String PROJECT_ATTRIBUTE = ApiKeyFilter.class.getName() + ".project";
  static final String STREAM_PATH = "/v1/events/stream";

  private final ApiKeyRepository keys;
  private final ApiKeyCache cache;

  public ApiKeyFilter(ApiKeyRepository keys, ApiKeyCache cache) {
    this.keys = keys;
    this.cache = cache;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    var request = exchange.getRequest();
    if (!request.getPath().value().startsWith("/v1/")) {
      return chain.filter(exchange);
    }
    String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    Mono<ProjectRef> caller;
    if (header != null) {
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
        return Mono.error(
            () -> unauthorized("The Authorization header must be 'Bearer <api key>'"));
      }
      caller = cache.authenticate(header.substring(7).trim());
    } else {
      String token = request.getQueryParams().getFirst("token");
      if (token == null
          || !STREAM_PATH.equals(request.getPath().value())
          || request.getMethod() != HttpMethod.GET) {
        return Mono.error(
            () ->
                unauthorized(
                    "This endpoint needs an API key: send 'Authorization: Bearer <api key>'"));
      }
      caller =
          ApiKeyRepository.isStreamToken(token)
              ? keys.authenticateStreamToken(token)
              : Mono.empty();
    }
    return caller
        .switchIfEmpty(
            Mono.error(
                () ->
                    unauthorized(
                        "The API key or token is not valid (unknown, revoked or expired)")))
        .flatMap(
            project -> {
              exchange.getAttributes().put(PROJECT_ATTRIBUTE, project);
              return chain.filter(exchange);
            });
  }

  private static ApiException unauthorized(String detail) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", detail);
  }
}
