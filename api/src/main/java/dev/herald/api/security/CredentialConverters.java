package dev.herald.api.security;

import dev.herald.web.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The three ways a request names its caller, each a {@link ServerAuthenticationConverter}: an API
 * key or the admin token as {@code Authorization: Bearer …}, and a stream token as {@code ?token=}
 * on the event stream (browsers' EventSource cannot send headers). A converter only reads; the
 * {@link CallerAuthenticationManager} verifies.
 */
final class CredentialConverters {

  static final String STREAM_PATH = "/v1/events/stream";
  static final String MALFORMED = "The Authorization header must be 'Bearer <api key>'";
  static final String ADMIN_NEEDED =
      "The admin API needs 'Authorization: Bearer <HERALD_ADMIN_TOKEN>'";

  private static final ServerWebExchangeMatcher STREAM =
      ServerWebExchangeMatchers.pathMatchers(HttpMethod.GET, STREAM_PATH);

  private CredentialConverters() {}

  /** {@code Authorization: Bearer <api key>}. */
  static ServerAuthenticationConverter apiKey() {
    return exchange ->
        bearer(exchange, MALFORMED)
            .map(secret -> CallerAuthentication.unverified(Caller.Kind.API_KEY, secret));
  }

  /** {@code ?token=<stream token>}, on {@code GET /v1/events/stream} only. */
  static ServerAuthenticationConverter streamToken() {
    return exchange ->
        STREAM
            .matches(exchange)
            .filter(ServerWebExchangeMatcher.MatchResult::isMatch)
            .mapNotNull(match -> exchange.getRequest().getQueryParams().getFirst("token"))
            .map(token -> CallerAuthentication.unverified(Caller.Kind.STREAM_TOKEN, token));
  }

  /**
   * {@code Authorization: Bearer <HERALD_ADMIN_TOKEN>}; any other bearer is refused with {@code
   * refused}.
   */
  static ServerAuthenticationConverter adminToken(String adminToken, String refused) {
    byte[] expected = adminToken.getBytes(StandardCharsets.UTF_8);
    return exchange ->
        bearer(exchange, refused)
            .flatMap(
                secret ->
                    MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), expected)
                        ? Mono.just(
                            CallerAuthentication.verified(
                                new Caller(Caller.Kind.ADMIN, null, null)))
                        : Mono.error(new BadCredentialsException(refused)));
  }

  /** Either credential, the header first. */
  static ServerAuthenticationConverter firstOf(
      ServerAuthenticationConverter first, ServerAuthenticationConverter second) {
    return exchange -> first.convert(exchange).switchIfEmpty(second.convert(exchange));
  }

  /** The bearer secret, empty without an Authorization header, an error when it is malformed. */
  private static Mono<String> bearer(ServerWebExchange exchange, String malformed) {
    return Mono.defer(
        () -> {
          String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
          if (header == null) {
            return Mono.empty();
          }
          if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            return Mono.error(new BadCredentialsException(malformed));
          }
          return Mono.just(header.substring(7).trim());
        });
  }
}
