package dev.herald.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Herald's packaged jar, run as a separate process, as an operator would run it. */
final class HeraldProcess implements AutoCloseable {

  static final String ADMIN_TOKEN = "bench-admin-token";

  private final Process process;
  private final int port;
  private final Path log;
  private final Path workDir;

  private HeraldProcess(Process process, int port, Path log, Path workDir) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.workDir = workDir;
  }

  /** Starts the jar against {@code databaseUrl} and waits until it reports UP. */
  static HeraldProcess start(
      Path jar, String databaseUrl, Path workDir, Map<String, String> settings)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g"));
    // e.g. -XX:StartFlightRecording=filename=herald.jfr to profile Herald during a run
    String extra = System.getenv("HERALD_BENCH_JVM_OPTIONS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    Path log = workDir.resolve("herald-" + port + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("HERALD_DATABASE_URL", databaseUrl);
    env.put("HERALD_DATA_DIR", workDir.resolve("data").toString());
    env.put("HERALD_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true");
    env.putAll(settings);
    HeraldProcess herald = new HeraldProcess(builder.start(), port, log, workDir);
    herald.awaitHealthy(Duration.ofSeconds(120));
    return herald;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitHealthy(Duration bound) throws InterruptedException, IOException {
    HttpClient client = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(bound);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Herald exited during start-up; see " + log);
      }
      try {
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200); // polling a separate process's start-up, bounded by the deadline
    }
    throw new IllegalStateException(
        "Herald did not become healthy within " + bound + "; see " + log);
  }

  /**
   * When a workload stalls: Herald's threads (jcmd) and metrics (among them the dispatcher's held
   * deliveries and the database pool) written beside its log, before it is stopped. Best effort.
   */
  void dumpDiagnostics() {
    String stamp = Long.toString(System.currentTimeMillis());
    try {
      Path threads = workDir.resolve("herald-" + port + "-threads-" + stamp + ".txt");
      new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              Long.toString(process.pid()),
              "Thread.print")
          .redirectErrorStream(true)
          .redirectOutput(threads.toFile())
          .start()
          .waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Path metricsFile = workDir.resolve("herald-" + port + "-metrics-" + stamp + ".txt");
      java.nio.file.Files.writeString(metricsFile, metrics.body());
      System.err.println(
          "Herald's state when the workload stalled: " + threads + ", " + metricsFile);
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not dump Herald's state: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(
            System.getProperty("java.home"),
            "bin",
            "java" + (File.separatorChar == '\\' ? ".exe" : ""))
        .toString();
  }
}
