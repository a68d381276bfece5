package dev.herald.storage.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL server Herald starts by itself when no database is configured: one real server per
 * data folder, kept while any application context in this JVM uses it, its data surviving restarts.
 */
public final class EmbeddedDatabase {

  private static final Map<Path, Running> RUNNING = new HashMap<>();

  private record Running(EmbeddedPostgres server, int users) {}

  private EmbeddedDatabase() {}

  /**
   * Starts (or joins) the server whose data lives under {@code dataDir}/postgres and returns where
   * it listens. Each call must be paired with one {@link #release(Path)}.
   */
  public static synchronized DatabaseLocation acquire(Path dataDir) {
    Path key = dataDir.toAbsolutePath().normalize();
    Running running = RUNNING.get(key);
    if (running == null) {
      running = new Running(start(key), 0);
    }
    RUNNING.put(key, new Running(running.server(), running.users() + 1));
    return new DatabaseLocation(
        "localhost", running.server().getPort(), "postgres", "postgres", "");
  }

  /** Stops the server of {@code dataDir} once its last user has released it. */
  public static synchronized void release(Path dataDir) {
    Path key = dataDir.toAbsolutePath().normalize();
    Running running = RUNNING.get(key);
    if (running == null) {
      return;
    }
    if (running.users() > 1) {
      RUNNING.put(key, new Running(running.server(), running.users() - 1));
      return;
    }
    RUNNING.remove(key);
    try {
      running.server().close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not stop the embedded PostgreSQL of " + key, e);
    }
  }

  private static EmbeddedPostgres start(Path dataDir) {
    try {
      Path pgData = dataDir.resolve("postgres");
      Files.createDirectories(pgData);
      return EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", "on")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start the embedded PostgreSQL under " + dataDir + ": " + e.getMessage(), e);
    }
  }
}
