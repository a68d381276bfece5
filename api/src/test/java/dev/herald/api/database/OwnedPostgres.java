package dev.herald.api.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server that a test owns and mistreats: it can freeze it (every process of the
 * server stopped with SIGSTOP, as a swapped-out or partitioned server looks to its clients), thaw
 * it, stop it, and start it again on the same port and data folder.
 */
final class OwnedPostgres implements AutoCloseable {

  private final Path dataDir;
  private int port;
  private EmbeddedPostgres server;
  private final List<Long> frozen = new ArrayList<>();

  OwnedPostgres(Path dataDir) throws IOException {
    this.dataDir = dataDir;
    start();
  }

  String url() {
    return "postgresql://postgres@localhost:" + port + "/postgres";
  }

  void start() throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false);
    if (port != 0) {
      builder.setPort(port);
    }
    server = builder.start();
    port = server.getPort();
  }

  void stop() throws IOException {
    server.close();
  }

  /** Stops the postmaster and all its processes (each connection's backend is one). */
  void freeze() throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0));
    frozen.add(postmaster);
    ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> frozen.add(p.pid()));
    signal("-STOP", frozen);
  }

  void thaw() throws IOException {
    signal("-CONT", frozen);
    frozen.clear();
  }

  private static void signal(String signal, List<Long> pids) throws IOException {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    Process kill = new ProcessBuilder(command).inheritIO().start();
    try {
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pids + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while signalling the server", e);
    }
  }

  @Override
  public void close() throws IOException {
    if (!frozen.isEmpty()) {
      thaw();
    }
    server.close();
  }
}
