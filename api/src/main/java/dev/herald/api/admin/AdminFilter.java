package dev.herald.api.admin;

import dev.herald.api.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Guards {@code /admin/**} with {@code HERALD_ADMIN_TOKEN}; hides it when no token is set. */
@Component
@Order(-100)
class AdminFilter implements WebFilter {

  private final AdminProperties properties;

  AdminFilter(AdminProperties properties) {
    this.properties = properties;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().value();
    if (!path.equals("/admin") && !path.startsWith("/admin/")) {
      return chain.filter(exchange);
    }
    if (!properties.enabled()) {
      return Mono.error(
          new ApiException(
              HttpStatus.NOT_FOUND,
              "not_found",
              "No such resource (the admin API is off: set HERALD_ADMIN_TOKEN)"));
    }
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    String expected = "Bearer " + properties.token();
    if (header == null
        || !MessageDigest.isEqual(
            header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      return Mono.error(
          new ApiException(
              HttpStatus.UNAUTHORIZED,
              "unauthorized",
              "The admin API needs 'Authorization: Bearer <HERALD_ADMIN_TOKEN>'"));
    }
    return chain.filter(exchange);
  }
}
