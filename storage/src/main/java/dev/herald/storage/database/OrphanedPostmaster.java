package dev.herald.storage.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server still running on Herald's data folder although no JVM holds it: the one that
 * started it was killed ({@code kill -9}) and could not stop it. Left alone it keeps the folder,
 * and a new server on it gives up waiting to start.
 *
 * <p>It is found by the folder's {@code postmaster.pid} (pid, data folder, port) and stopped only
 * when that pid is verifiably a postgres whose working folder is this data folder (PostgreSQL
 * changes into its data folder), so a pid reused by another process is never signalled. A {@code
 * postmaster.pid} naming such another process is stale and is removed (PostgreSQL would otherwise
 * refuse to start while that process lives).
 */
final class OrphanedPostmaster {

  private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private OrphanedPostmaster() {}

  /** What a live process named by the pid file is. */
  enum Verdict {
    THIS_FOLDERS_POSTGRES,
    ANOTHER_PROCESS,
    CANNOT_TELL
  }

  /** The pid and port a {@code postmaster.pid} names (its first and fourth lines). */
  record PidFile(long pid, int port) {

    static Optional<PidFile> read(Path pgData) {
      List<String> lines;
      try {
        lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
      } catch (NoSuchFileException absent) {
        return Optional.empty();
      } catch (IOException unreadable) {
        log.warn("Could not read {}/postmaster.pid: {}", pgData, unreadable.toString());
        return Optional.empty();
      }
      try {
        return Optional.of(
            new PidFile(
                Long.parseLong(lines.get(0).trim()),
                lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : -1));
      } catch (RuntimeException malformed) {
        // PostgreSQL itself copes with a pid file it cannot read (it was killed while writing it)
        return Optional.empty();
      }
    }
  }

  /**
   * Makes the folder free for a new server: stops an orphaned postmaster of {@code pgData} (fast
   * shutdown, then a kill after {@code grace}), or removes a pid file naming another process.
   */
  static void clear(Path pgData, Duration grace) throws IOException {
    Optional<PidFile> pidFile = PidFile.read(pgData);
    if (pidFile.isEmpty()) {
      return;
    }
    long pid = pidFile.get().pid();
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return; // a stale file: PostgreSQL sees that the pid is gone and starts
    }
    Verdict verdict = verdict(process.get(), pgData);
    if (verdict == Verdict.CANNOT_TELL) {
      log.warn(
          "{}/postmaster.pid names pid {}, which could not be checked: leaving it", pgData, pid);
      return;
    }
    if (verdict == Verdict.ANOTHER_PROCESS) {
      log.warn(
          "{}/postmaster.pid names pid {}, which is not this folder's PostgreSQL: removing the"
              + " stale file",
          pgData,
          pid);
      Files.deleteIfExists(pgData.resolve("postmaster.pid"));
      return;
    }
    log.warn(
        "The embedded PostgreSQL of {} (pid {}, port {}) was left running by a stopped Herald:"
            + " stopping it",
        pgData,
        pid,
        pidFile.get().port());
    stop(process.get(), pgData, grace);
  }

  private static void stop(ProcessHandle postmaster, Path pgData, Duration grace)
      throws IOException {
    List<ProcessHandle> backends = postmaster.children().toList();
    fastShutdown(postmaster);
    if (exited(postmaster, grace)) {
      log.info("Stopped the orphaned PostgreSQL of {}", pgData);
      return;
    }
    if (verdict(postmaster, pgData) != Verdict.THIS_FOLDERS_POSTGRES) {
      return; // it exited and its pid was taken meanwhile
    }
    log.warn(
        "The orphaned PostgreSQL of {} did not stop within {} s: killing it",
        pgData,
        grace.toSeconds());
    postmaster.destroyForcibly();
    // its backends stay attached to its shared memory, and a new server refuses to start while
    // they do: they are killed too (each checked to be a postgres of this folder)
    backends.stream()
        .filter(backend -> verdict(backend, pgData) == Verdict.THIS_FOLDERS_POSTGRES)
        .forEach(ProcessHandle::destroyForcibly);
    if (!exited(postmaster, KILL_WAIT)) {
      throw new IOException(
          "The orphaned PostgreSQL of "
              + pgData
              + " (pid "
              + postmaster.pid()
              + ") survived a kill");
    }
    for (ProcessHandle backend : backends) {
      exited(backend, KILL_WAIT);
    }
  }

  /** SIGINT: PostgreSQL's fast shutdown (ends sessions, writes a checkpoint, exits cleanly). */
  private static void fastShutdown(ProcessHandle postmaster) throws IOException {
    try {
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
        return;
      }
    } catch (IOException noKillCommand) {
      // below: SIGTERM instead
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
    }
    postmaster.destroy(); // SIGTERM: smart shutdown, after its (dead) clients' sessions end
  }

  private static boolean exited(ProcessHandle process, Duration wait) throws IOException {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
    }
  }

  /** Whether {@code process} is a postgres working in {@code pgData} (as its servers do). */
  static Verdict verdict(ProcessHandle process, Path pgData) {
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    try {
      if (Files.isDirectory(proc)) {
        Path executable = Files.readSymbolicLink(proc.resolve("exe"));
        Path workingDir = Files.readSymbolicLink(proc.resolve("cwd"));
        return isPostgres(executable) && workingDir.equals(pgData.toRealPath())
            ? Verdict.THIS_FOLDERS_POSTGRES
            : Verdict.ANOTHER_PROCESS;
      }
      // no /proc (macOS): the command and its -D argument must name postgres and this folder
      ProcessHandle.Info info = process.info();
      if (info.command().isEmpty() || info.arguments().isEmpty()) {
        return Verdict.CANNOT_TELL;
      }
      boolean postgres = isPostgres(Path.of(info.command().get()));
      boolean here =
          List.of(info.arguments().get()).stream()
              .anyMatch(argument -> Path.of(argument).toAbsolutePath().equals(pgData));
      return postgres && here ? Verdict.THIS_FOLDERS_POSTGRES : Verdict.ANOTHER_PROCESS;
    } catch (IOException
        | SecurityException
        | UnsupportedOperationException
        | IllegalArgumentException cannotTell) {
      return process.isAlive() ? Verdict.CANNOT_TELL : Verdict.ANOTHER_PROCESS;
    }
  }

  private static boolean isPostgres(Path executable) {
    Path name = executable.getFileName();
    return name != null
        && (name.toString().equals("postgres") || name.toString().equals("postmaster"));
  }
}
