package dev.herald.storage.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A JVM of its own that starts the embedded server on a folder, commits a row, says {@code READY}
 * and waits to be killed: the crash that {@link EmbeddedDatabaseCrashIntegrationTests} recovers
 * from.
 */
final class EmbeddedDatabaseHolder {

  private EmbeddedDatabaseHolder() {}

  public static void main(String[] args) throws Exception {
    DatabaseLocation location = EmbeddedDatabase.acquire(Path.of(args[0]));
    try (Connection c =
            DriverManager.getConnection(
                location.jdbcUrl(), location.username(), location.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (value text)");
      s.execute("INSERT INTO kept VALUES ('committed before the crash')");
    }
    System.out.println("READY " + location.port());
    System.out.flush();
    System.in.read(); // until killed
  }
}
