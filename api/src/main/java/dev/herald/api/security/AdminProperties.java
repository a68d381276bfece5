package dev.herald.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the admin API ({@code herald.admin.*}), read by the access rules of {@code /admin/**}
 * (here, beside them, so the admin feature and the security rules do not depend on each other).
 *
 * @param token the bearer token of {@code /admin/**} ({@code HERALD_ADMIN_TOKEN}); without it the
 *     admin API does not exist (404)
 */
@ConfigurationProperties("herald.admin")
public record AdminProperties(String token) {

  public boolean enabled() {
    return token != null && !token.isBlank();
  }
}
