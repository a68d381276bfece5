package dev.herald.api.security;

import dev.herald.storage.projects.ApiKeyRepository;
import dev.herald.storage.projects.KeyOwner;
import dev.herald.web.Caller;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Verifies API keys (through {@link ApiKeyCache}) and stream tokens against the database; the admin
 * token arrives already verified by its converter. A database that cannot answer is not a bad
 * credential: its error passes through, to be answered as the outage it is.
 */
@Component
class CallerAuthenticationManager implements ReactiveAuthenticationManager {

  static final String INVALID = "The API key or token is not valid (unknown, revoked or expired)";

  private final ApiKeyCache cache;
  private final ApiKeyRepository keys;

  CallerAuthenticationManager(ApiKeyCache cache, ApiKeyRepository keys) {
    this.cache = cache;
    this.keys = keys;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    CallerAuthentication credential = (CallerAuthentication) authentication;
    if (credential.isAuthenticated()) {
      return Mono.just(credential);
    }
    String secret = (String) credential.getCredentials();
    Mono<KeyOwner> owner =
        switch (credential.kind()) {
          case API_KEY -> cache.authenticate(secret);
          case STREAM_TOKEN ->
              ApiKeyRepository.isStreamToken(secret)
                  ? keys.authenticateStreamToken(secret)
                  : Mono.empty();
          case ADMIN -> Mono.empty();
        };
    return owner
        .<Authentication>map(
            found ->
                CallerAuthentication.verified(
                    new Caller(credential.kind(), found.keyId(), found.project())))
        .switchIfEmpty(Mono.error(() -> new BadCredentialsException(INVALID)));
  }
}
