package dev.herald.storage.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL server Herald starts by itself when no database is configured: one real server per
 * data folder, kept while any application context in this JVM uses it, its data surviving restarts.
 *
 * <p>It runs durably: a commit Herald acknowledges is on disk. The library it comes from is made
 * for tests and starts PostgreSQL with {@code -F} (no fsync) and {@code synchronous_commit=off};
 * killing such a server and its JVM together loses the last acknowledged events. Both are
 * overridden here; {@code durable} false keeps only {@code synchronous_commit=off} (for benchmarks
 * that accept losing the last commits, never a corrupt folder).
 *
 * <p>A server left running by a JVM that was killed (so it could not stop it) is stopped before a
 * new one starts on the same folder: see {@link OrphanedPostmaster}. Only a JVM holding the
 * folder's lock ({@code herald.lock}, released by the operating system when its process dies) may
 * do that, so a second Herald on a folder in use is refused instead of stopping the first one's
 * server.
 */
public final class EmbeddedDatabase {

  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_SHUTDOWN = Duration.ofSeconds(30);
  private static final Map<Path, Running> RUNNING = new HashMap<>();

  private record Running(EmbeddedPostgres server, FolderLock lock, int users) {}

  /** The data folder's lock, held while this JVM runs its server. */
  private record FolderLock(FileChannel channel, FileLock lock) {
    void release() {
      try {
        channel.close(); // releases the lock
      } catch (IOException ignored) {
        // the lock goes with the process anyway
      }
    }
  }

  private EmbeddedDatabase() {}

  /**
   * Starts (or joins) the server whose data lives under {@code dataDir}/postgres and returns where
   * it listens. Each call must be paired with one {@link #release(Path)}.
   */
  public static synchronized DatabaseLocation acquire(Path dataDir) {
    return acquire(dataDir, true);
  }

  /**
   * As {@link #acquire(Path)}; {@code durable} false commits without waiting for the disk. The
   * first acquisition of a folder in this JVM decides how its server runs.
   */
  public static synchronized DatabaseLocation acquire(Path dataDir, boolean durable) {
    Path key = dataDir.toAbsolutePath().normalize();
    Running running = RUNNING.get(key);
    if (running == null) {
      FolderLock lock = lock(key);
      try {
        running = new Running(start(key, durable), lock, 0);
      } catch (RuntimeException failed) {
        lock.release();
        throw failed;
      }
    }
    RUNNING.put(key, new Running(running.server(), running.lock(), running.users() + 1));
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
      RUNNING.put(key, new Running(running.server(), running.lock(), running.users() - 1));
      return;
    }
    RUNNING.remove(key);
    try {
      running.server().close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not stop the embedded PostgreSQL of " + key, e);
    } finally {
      running.lock().release();
    }
  }

  private static FolderLock lock(Path dataDir) {
    Path file = dataDir.resolve("herald.lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new FolderLock(channel, lock);
      }
    } catch (OverlappingFileLockException heldInThisJvm) {
      // held by this JVM outside this class: in use all the same
    } catch (IOException e) {
      throw new UncheckedIOException("Could not lock the data folder " + dataDir, e);
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing held
    }
    throw new IllegalStateException(
        "The data folder "
            + dataDir
            + " is in use by another Herald (it holds "
            + file
            + "): stop it, or give this one another HERALD_DATA_DIR");
  }

  private static EmbeddedPostgres start(Path dataDir, boolean durable) {
    try {
      Path pgData = dataDir.resolve("postgres");
      Files.createDirectories(pgData);
      OrphanedPostmaster.clear(pgData, ORPHAN_SHUTDOWN);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(pgData)
              .setCleanDataDirectory(false)
              // a server recovering from a crash replays its WAL before it answers
              .setPGStartupWait(STARTUP_WAIT)
              .setServerConfig("max_connections", "200");
      // after the library's -F (fsync off): the last setting on the command line wins. Not durable
      // still never risks a corrupt folder (fsync, full pages), only the last commits.
      return builder
          .setServerConfig("fsync", "on")
          .setServerConfig("full_page_writes", "on")
          .setServerConfig("synchronous_commit", durable ? "on" : "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start the embedded PostgreSQL under " + dataDir + ": " + e.getMessage(), e);
    }
  }
}
