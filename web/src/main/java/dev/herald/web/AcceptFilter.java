package dev.herald.web;

import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a {@code /v1} request whose {@code Accept} header admits none of what Herald answers
 * (JSON, problem+json, an event stream) before its handler runs. Content negotiation happens after
 * the handler, so without this a {@code POST /v1/events} with {@code Accept: application/xml}
 * published its event and then answered 406: a refused request that changed the database.
 */
@Component
@Order(-80)
class AcceptFilter implements WebFilter {

  private static final List<MediaType> ANSWERS =
      List.of(
          MediaType.APPLICATION_JSON,
          MediaType.APPLICATION_PROBLEM_JSON,
          MediaType.TEXT_EVENT_STREAM);

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    var request = exchange.getRequest();
    String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
    if (accept == null || !request.getPath().value().startsWith("/v1/")) {
      return chain.filter(exchange);
    }
    List<MediaType> accepted;
    try {
      accepted = MediaType.parseMediaTypes(accept);
    } catch (InvalidMediaTypeException unreadable) {
      return Mono.error(notAcceptable("The Accept header could not be read: " + accept));
    }
    boolean answerable =
        accepted.stream().anyMatch(type -> ANSWERS.stream().anyMatch(type::isCompatibleWith));
    if (!answerable) {
      return Mono.error(
          notAcceptable(
              "Herald answers application/json (errors application/problem+json, streams"
                  + " text/event-stream); the Accept header allows none of them: "
                  + accept));
    }
    return chain.filter(exchange);
  }

  private static ApiException notAcceptable(String detail) {
    return new ApiException(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", detail);
  }
}
