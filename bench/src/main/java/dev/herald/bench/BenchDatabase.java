package dev.herald.bench;

import dev.herald.storage.database.DatabaseLocation;
import dev.herald.storage.database.EmbeddedDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The PostgreSQL a benchmark run uses: the server of {@code HERALD_DATABASE_URL} when set,
 * otherwise an embedded one under the run's work directory (stopped on close).
 *
 * @param url the URL Herald is started with ({@code postgresql://user:password@host:port/db})
 * @param r2dbcUrl the same database for the benchmark's own driver (limits, backlog, settling)
 */
record BenchDatabase(String url, String r2dbcUrl, Path embedded) implements AutoCloseable {

  static BenchDatabase open(Path work) {
    String external = System.getenv("HERALD_DATABASE_URL");
    boolean embedded = external == null || external.isBlank();
    Path directory = work.resolve("pg");
    DatabaseLocation database =
        embedded ? EmbeddedDatabase.acquire(directory) : DatabaseLocation.parse(external);
    String address =
        encode(database.username())
            + (database.password().isEmpty() ? "" : ":" + encode(database.password()))
            + "@"
            + database.host()
            + ":"
            + database.port()
            + "/"
            + database.database();
    return new BenchDatabase(
        "postgresql://" + address, "r2dbc:postgresql://" + address, embedded ? directory : null);
  }

  @Override
  public void close() {
    if (embedded != null) {
      EmbeddedDatabase.release(embedded);
    }
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
