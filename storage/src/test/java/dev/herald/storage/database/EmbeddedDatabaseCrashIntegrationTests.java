package dev.herald.storage.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Herald killed with {@code kill -9} leaves its PostgreSQL running; the next start copes. */
class EmbeddedDatabaseCrashIntegrationTests {

  @TempDir Path dataDir;

  @Test
  void startsAtTheFirstTry_afterTheJvmHoldingTheServerWasKilled() throws Exception {
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedDatabaseHolder.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      awaitReady(holder);
      long orphan =
          OrphanedPostmaster.PidFile.read(dataDir.resolve("postgres")).orElseThrow().pid();

      holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
          .as("the killed JVM's server is still running")
          .contains(true);

      DatabaseLocation location = EmbeddedDatabase.acquire(dataDir);
      try (Connection c =
              DriverManager.getConnection(
                  location.jdbcUrl(), location.username(), location.password());
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT value FROM kept")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("committed before the crash");
      } finally {
        EmbeddedDatabase.release(dataDir);
      }
      assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void aPidFileNamingAnotherProcess_isStale_andTheServerStarts() throws Exception {
    Path pgData = dataDir.resolve("postgres");
    EmbeddedDatabase.acquire(dataDir);
    EmbeddedDatabase.release(dataDir);
    // as after a crash whose pid was since reused: a live process, and no postgres (nor this
    // JVM, which PostgreSQL would see as the grandparent that pg_ctl started it from)
    Process other = new ProcessBuilder("sleep", "120").start();
    try {
      Files.writeString(
          pgData.resolve("postmaster.pid"),
          other.pid() + "\n" + pgData + "\n0\n5432\n/tmp\nlocalhost\n0 0\nready\n");

      DatabaseLocation location = EmbeddedDatabase.acquire(dataDir);
      try (Connection c =
          DriverManager.getConnection(
              location.jdbcUrl(), location.username(), location.password())) {
        assertThat(c.isValid(5)).isTrue();
      } finally {
        EmbeddedDatabase.release(dataDir);
      }
      assertThat(other.isAlive()).as("the other process is left alone").isTrue();
    } finally {
      other.destroyForcibly();
    }
  }

  private static void awaitReady(Process holder) throws Exception {
    CompletableFuture<String> ready =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = out.readLine()) != null; ) {
                  if (line.startsWith("READY")) {
                    // keep draining, so the holder never blocks on a full pipe
                    CompletableFuture.runAsync(() -> out.lines().forEach(ignored -> {}));
                    return line;
                  }
                }
                throw new IllegalStateException("the holder exited before it was ready");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThat(ready.get(120, TimeUnit.SECONDS)).startsWith("READY");
  }
}
