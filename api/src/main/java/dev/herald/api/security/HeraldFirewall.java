package dev.herald.api.security;

import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Spring Security's strict firewall (it refuses {@code ;}, {@code //}, {@code ..}, encoded {@code
 * /}, {@code \}, {@code %} and {@code .}, NUL, CR and LF in the path, and control characters in
 * header names, header values and parameter names), and in front of it what it lets through: a path
 * that percent-encodes an unreserved character ({@code /%61dmin} for {@code /admin}; RFC 3986 §2.3
 * says such a URI is equivalent to the plain one, so only a client probing for a mismatch sends it)
 * and control characters in query parameter values. A refused request never reaches authentication
 * or a handler.
 */
final class HeraldFirewall implements ServerWebExchangeFirewall {

  private final StrictServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();

  @Override
  public Mono<ServerWebExchange> getFirewalledExchange(ServerWebExchange exchange) {
    String rawPath = exchange.getRequest().getURI().getRawPath();
    String encoded = firstEncodedUnreserved(rawPath);
    if (encoded != null) {
      return Mono.error(
          new ServerExchangeRejectedException(
              "The request was rejected because its path percent-encodes the unreserved"
                  + " character '"
                  + (char) Integer.parseInt(encoded.substring(1), 16)
                  + "' ("
                  + encoded
                  + "): send it unencoded"));
    }
    return strict.getFirewalledExchange(exchange);
  }

  /** The first {@code %XX} of {@code rawPath} that encodes an unreserved character, or null. */
  static String firstEncodedUnreserved(String rawPath) {
    if (rawPath == null) {
      return null;
    }
    for (int i = rawPath.indexOf('%'); i >= 0 && i + 2 < rawPath.length(); ) {
      int high = Character.digit(rawPath.charAt(i + 1), 16);
      int low = Character.digit(rawPath.charAt(i + 2), 16);
      if (high >= 0 && low >= 0 && isUnreserved((char) (high * 16 + low))) {
        return rawPath.substring(i, i + 3);
      }
      i = rawPath.indexOf('%', i + 1);
    }
    return null;
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
