package dev.herald.harness;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Herald's packaged jar, run as a separate process, as an operator would run it. */
public final class HeraldProcess implements AutoCloseable {

  /** The admin token every Herald started here has. */
  public static final String ADMIN_TOKEN = "bench-admin-token";

  private static final Duration HEALTH_BOUND = Duration.ofSeconds(120);

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
  public static HeraldProcess start(
      Path jar, String databaseUrl, Path workDir, Map<String, String> settings) throws IOException {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("HERALD_DATABASE_URL", databaseUrl);
    return start(jar, workDir, freePort(), environment, HEALTH_BOUND);
  }

  /**
   * Starts the jar on {@code port} with its data in {@code workDir}/data (its embedded PostgreSQL
   * unless {@code settings} name a {@code HERALD_DATABASE_URL}), and waits until it reports UP. A
   * Herald that exits or is not UP within {@code healthBound} is stopped, and the start fails. Its
   * output is appended to {@code workDir}/herald-{@code port}.log, so restarts share one log.
   */
  public static HeraldProcess start(
      Path jar, Path workDir, int port, Map<String, String> settings, Duration healthBound)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g"));
    // e.g. -XX:StartFlightRecording=filename=herald.jfr to profile Herald during a run
    String extra = System.getenv("HERALD_BENCH_JVM_OPTIONS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    Path log = workDir.resolve("herald-" + port + ".log");
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.remove("HERALD_DATABASE_URL");
    env.put("SERVER_PORT", Integer.toString(port));
    env.put("HERALD_DATA_DIR", dataDir(workDir).toString());
    env.put("HERALD_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true");
    env.putAll(settings);
    HeraldProcess herald = new HeraldProcess(builder.start(), port, log, workDir);
    try {
      herald.awaitHealthy(healthBound);
    } catch (RuntimeException failed) {
      herald.kill();
      throw failed;
    }
    return herald;
  }

  /** Where a Herald started in {@code workDir} keeps its data ({@code HERALD_DATA_DIR}). */
  public static Path dataDir(Path workDir) {
    return workDir.resolve("data").toAbsolutePath();
  }

  /** A free loopback port now (for a Herald that keeps its port across restarts). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Where its API listens. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** Its output so far (all its lifetimes on this port). */
  public Path log() {
    return log;
  }

  private void awaitHealthy(Duration bound) {
    HttpClient client = HttpClient.newHttpClient();
    boolean healthy =
        Wait.until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("Herald exited during start-up; see " + log);
              }
              return isHealthy(client);
            },
            bound,
            Duration.ofMillis(200));
    if (!healthy) {
      throw new IllegalStateException(
          "Herald did not become healthy within " + bound + "; see " + log);
    }
  }

  private boolean isHealthy(HttpClient client) {
    try {
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return health.statusCode() == 200 && health.body().contains("\"UP\"");
    } catch (IOException notYet) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Herald", e);
    }
  }

  /**
   * When a workload stalls: Herald's threads (jcmd) and metrics (among them the dispatcher's held
   * deliveries and the database pool) written beside its log, before it is stopped. Best effort.
   */
  public void dumpDiagnostics() {
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
                      .header("Authorization", "Bearer " + ADMIN_TOKEN)
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

  /** {@code kill -9}: the JVM stops at once, without its shutdown hooks. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
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
