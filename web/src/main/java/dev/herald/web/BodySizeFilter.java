package dev.herald.web;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a body announced larger than {@code herald.api.max-body-size} before reading it; a
 * chunked body that grows past it is stopped by the codecs' limit.
 */
@Component
@Order(-200)
class BodySizeFilter implements WebFilter {

  private final long limit;

  BodySizeFilter(ApiProperties properties) {
    this.limit = properties.maxBodySize().toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long length = exchange.getRequest().getHeaders().getContentLength();
    if (length > limit) {
      return Mono.error(
          new ApiException(
              HttpStatus.CONTENT_TOO_LARGE,
              "body_too_large",
              "The request body is " + length + " bytes; the limit is " + limit));
    }
    return chain.filter(exchange);
  }
}
