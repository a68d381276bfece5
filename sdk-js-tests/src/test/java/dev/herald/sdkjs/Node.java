package dev.herald.sdkjs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's Node.js and npm, run in {@code sdk/js}. Without Node 18+ the tests are skipped,
 * saying so; under {@code CI=true} that is a failure instead, so a CI machine without Node cannot
 * pass by skipping them.
 */
final class Node {

  static final int MINIMUM_MAJOR = 18;

  /** The commands, unless {@code -Dherald.node=} and {@code -Dherald.npm=} name others. */
  static final String NODE = System.getProperty("herald.node", "node");

  static final String NPM = System.getProperty("herald.npm", "npm");

  private final Path sdk;
  private final String version;

  private Node(Path sdk, String version) {
    this.sdk = sdk;
    this.version = version;
  }

  /** This machine's Node.js, or the test is skipped (failed under CI=true). */
  static Node require(Path sdk) {
    String version = versionOrNull();
    String missing = null;
    if (version == null) {
      missing = "Node.js (" + NODE + ") is not on the PATH";
    } else if (major(version) < MINIMUM_MAJOR) {
      missing = "Node.js " + version + " is older than " + MINIMUM_MAJOR;
    }
    if (missing != null) {
      String why = missing + ": the JavaScript SDK's tests (sdk/js) need Node.js 18+ and npm";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + " (CI=true: they may not be skipped)");
      }
      System.out.println("[WARNING] " + why + "; skipped");
      Assumptions.abort(why + "; skipped");
    }
    return new Node(sdk, version);
  }

  String version() {
    return version;
  }

  /**
   * {@code npm ci}, unless node_modules was installed from this very package-lock.json (a marker
   * holds its hash), so a fresh clone installs and a second build does not.
   */
  void installPackages(Path log) throws IOException, InterruptedException {
    byte[] lock = Files.readAllBytes(sdk.resolve("package-lock.json"));
    String hash = sha256(lock);
    Path marker = sdk.resolve("node_modules").resolve(".herald-package-lock.sha256");
    if (Files.exists(marker) && Files.readString(marker).trim().equals(hash)) {
      return;
    }
    Run install =
        run(List.of(NPM, "ci", "--no-audit", "--no-fund"), Map.of(), Duration.ofMinutes(5), log);
    if (install.exitCode() != 0) {
      fail("npm ci in " + sdk + " failed (" + install.exitCode() + "):\n" + install.output());
    }
    Files.writeString(marker, hash + "\n");
  }

  /** Runs {@code command} in sdk/js with {@code env} added; its output also goes to {@code log}. */
  Run run(List<String> command, Map<String, String> env, Duration bound, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(sdk.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean ended = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    if (!ended) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    return new Run(ended ? process.exitValue() : -1, output, !ended);
  }

  /** What a command did: its exit code (-1 when stopped at its bound) and its output. */
  record Run(int exitCode, String output, boolean timedOut) {}

  private static String versionOrNull() {
    try {
      Process process = new ProcessBuilder(NODE, "--version").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return null;
      }
      return out.trim();
    } catch (IOException notInstalled) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int major(String version) {
    try {
      return Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
    } catch (NumberFormatException unreadable) {
      return 0;
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
