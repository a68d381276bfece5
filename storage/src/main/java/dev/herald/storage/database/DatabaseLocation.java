package dev.herald.storage.database;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where Herald's PostgreSQL lives, in the two URL forms its two drivers need (R2DBC for the
 * application, JDBC for Flyway and Quartz).
 */
public record DatabaseLocation(
    String host, int port, String database, String username, String password) {

  /**
   * Parses {@code postgresql://user:password@host:5432/db} (also {@code postgres://}, {@code
   * jdbc:postgresql://} and {@code r2dbc:postgresql://}).
   *
   * @throws IllegalArgumentException naming what is wrong with the URL
   */
  public static DatabaseLocation parse(String url) {
    String withoutDriver = url.trim().replaceFirst("^(jdbc|r2dbc):", "");
    URI uri;
    try {
      uri = URI.create(withoutDriver);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("HERALD_DATABASE_URL is not a URL: " + e.getMessage(), e);
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "HERALD_DATABASE_URL must start with postgresql:// (was " + uri.getScheme() + ")");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("HERALD_DATABASE_URL names no host");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    return new DatabaseLocation(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.isEmpty() ? "postgres" : path,
        user,
        password);
  }

  public String r2dbcUrl() {
    return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "DatabaseLocation[" + host + ":" + port + "/" + database + " as " + username + "]";
  }
}
