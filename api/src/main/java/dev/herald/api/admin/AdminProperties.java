package dev.herald.api.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the admin API ({@code herald.admin.*}).
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
