package dev.herald.web;

import dev.herald.storage.projects.ProjectRef;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who sent a request, as its credential established: an API key of a project, a stream token minted
 * by such a key, or the admin token. The security chain attaches it to the exchange; handlers take
 * it (or its {@link ProjectRef}) as a parameter.
 *
 * @param keyId the API key behind the credential; {@code null} for the admin token (and for stream
 *     tokens minted before tokens remembered their key)
 * @param project the project the credential belongs to; {@code null} for the admin token
 */
public record Caller(Kind kind, String keyId, ProjectRef project) {

  private static final String ATTRIBUTE = Caller.class.getName();

  /** The kinds of credential, each with the authority it grants. */
  public enum Kind {
    API_KEY("PROJECT"),
    STREAM_TOKEN("STREAM"),
    ADMIN("ADMIN");

    private final String authority;

    Kind(String authority) {
      this.authority = authority;
    }

    /** The authority the security rules name. */
    public String authority() {
      return authority;
    }
  }

  /** Records the caller on the exchange, for the filters and handlers after the security chain. */
  public void attachTo(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }

  /** The exchange's caller, or {@code null} on a route that needs no credential. */
  public static Caller of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }
}
