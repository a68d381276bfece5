package dev.herald.reliability;

import dev.herald.harness.HeraldProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What a crash kills. */
enum Victim {

  /** Herald's JVM alone: its embedded PostgreSQL is left running, orphaned. */
  HERALD("kill -9 of Herald"),

  /**
   * Herald's JVM and its embedded PostgreSQL (the postmaster and every backend), as when the
   * machine's processes all die at once.
   */
  HERALD_AND_POSTGRES("kill -9 of Herald and its PostgreSQL");

  private final String description;

  Victim(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** Kills {@code herald} (and, for {@link #HERALD_AND_POSTGRES}, its PostgreSQL) with SIGKILL. */
  void kill(HeraldProcess herald, Path dataDir) throws IOException {
    List<ProcessHandle> postgres = this == HERALD_AND_POSTGRES ? postgres(dataDir) : List.of();
    herald.kill();
    killAll(postgres);
  }

  /** Stops the embedded PostgreSQL of {@code dataDir} if one still runs (after a failed drill). */
  static void stopLeftovers(Path dataDir) throws IOException {
    if (!Files.exists(dataDir.resolve("postgres").resolve("postmaster.pid"))) {
      return;
    }
    List<ProcessHandle> postgres;
    try {
      postgres = postgres(dataDir);
    } catch (IllegalStateException notRunning) {
      return;
    }
    killAll(postgres);
  }

  /** SIGKILL to each, then waits (bounded) until each is gone. */
  private static void killAll(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle process : processes) {
      process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  /**
   * The embedded PostgreSQL's postmaster (the first line of its {@code postmaster.pid}, see
   * EmbeddedDatabase: {@code HERALD_DATA_DIR}/postgres) and its backends.
   */
  private static List<ProcessHandle> postgres(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile);
    } catch (NoSuchFileException absent) {
      throw new IllegalStateException("no running embedded PostgreSQL: " + pidFile + " is absent");
    }
    Optional<ProcessHandle> postmaster = ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    boolean isPostgres =
        postmaster.flatMap(p -> p.info().command()).filter(c -> c.contains("postgres")).isPresent();
    if (!isPostgres) {
      throw new IllegalStateException(pidFile + " names no running postgres: " + lines.get(0));
    }
    List<ProcessHandle> all = new ArrayList<>(postmaster.get().descendants().toList());
    all.add(0, postmaster.get());
    return all;
  }
}
