package dev.herald.api.security;

import dev.herald.web.Caller;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A credential on its way through authentication: first unverified (its kind and secret, as a
 * converter read it), then verified (the {@link Caller} it speaks for, with its kind's authority).
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final Caller.Kind kind;
  private final transient Caller caller;
  private String secret;

  private CallerAuthentication(Caller.Kind kind, String secret, Caller caller) {
    super(caller == null ? List.of() : List.of(new SimpleGrantedAuthority(kind.authority())));
    this.kind = kind;
    this.secret = secret;
    this.caller = caller;
    setAuthenticated(caller != null);
  }

  static CallerAuthentication unverified(Caller.Kind kind, String secret) {
    return new CallerAuthentication(kind, secret, null);
  }

  static CallerAuthentication verified(Caller caller) {
    return new CallerAuthentication(caller.kind(), null, caller);
  }

  Caller.Kind kind() {
    return kind;
  }

  /** The verified caller; {@code null} before verification. */
  Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return secret;
  }

  @Override
  public Object getPrincipal() {
    return caller != null ? caller : kind;
  }

  @Override
  public void eraseCredentials() {
    secret = null;
    super.eraseCredentials();
  }
}
