package dev.herald.sdkjs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.harness.HeraldProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript SDK ({@code sdk/js}) tested by its own suite ({@code node --test}) against
 * Herald's packaged jar on its embedded database, and its declarations type-checked ({@code tsc}),
 * through the machine's Node.js and npm. Without Node they are skipped, saying so (a failure under
 * {@code CI=true}). Node's output goes to {@code target/sdk-js/*.log}.
 */
class JavaScriptSdkIntegrationTests {

  private static final Path SDK = Path.of("..", "sdk", "js").toAbsolutePath().normalize();
  private static final Path JAR =
      Path.of("..", "api", "target", "herald.jar").toAbsolutePath().normalize();
  private static final Path WORK = Path.of("target", "sdk-js").toAbsolutePath();
  private static final Duration NODE_BOUND = Duration.ofMinutes(4);

  /**
   * Herald as the SDK's tests need it: the admin API on, webhooks to loopback allowed, and no
   * Quartz triggers firing. The seed's auto-start appointment (1 July 2026) may be in the past:
   * Herald accepts it, and Quartz's misfire handling then starts and ends it within about a minute
   * (seen on 3 December 2026), so the state the snippet left would change under the test.
   */
  private static final Map<String, String> HERALD_SETTINGS =
      Map.of("SPRING_QUARTZ_AUTOSTARTUP", "false");

  private static Node node;

  /** Node.js with the SDK's packages installed; each test is skipped (failed under CI) without. */
  private static synchronized Node node() throws Exception {
    if (node == null) {
      Node found = Node.require(SDK);
      found.installPackages(WORK.resolve("npm-ci.log"));
      node = found;
    }
    return node;
  }

  @Test
  void sdkTestsPassAgainstThePackagedJar() throws Exception {
    Node node = node();
    Path run = Files.createDirectories(WORK.resolve("herald-" + System.currentTimeMillis()));
    try (HeraldProcess herald =
        HeraldProcess.start(
            JAR, run, HeraldProcess.freePort(), HERALD_SETTINGS, Duration.ofSeconds(120))) {
      JoinCodeFixture joinCode = JoinCodeFixture.create(herald, run);
      List<String> command = new ArrayList<>(List.of(Node.NODE, "--test"));
      command.addAll(testFiles());
      Node.Run tests =
          node.run(
              command,
              Map.of(
                  "HERALD_URL", herald.baseUrl(),
                  "HERALD_ADMIN_TOKEN", HeraldProcess.ADMIN_TOKEN,
                  "HERALD_JOIN_CODE_API_KEY", joinCode.apiKey(),
                  "HERALD_JOIN_CODE_GATHERING_ID", joinCode.gatheringId()),
              NODE_BOUND,
              WORK.resolve("node-test.log"));
      System.out.println(summary("node --test", tests));
      assertThat(tests.timedOut()).as("node --test still running after " + NODE_BOUND).isFalse();
      assertThat(tests.exitCode())
          .as(
              "node --test (Node %s) failed; Herald's log: %s%n%s",
              node.version(), herald.log(), tests.output())
          .isZero();
      // every test ran: none skipped for want of Herald or of the join-code fixture
      assertThat(tests.output()).as(tests.output()).containsPattern("(?m)^\\S* ?skipped 0$");
    }
  }

  @Test
  void declarationsAndExamplesTypeCheck() throws Exception {
    Node node = node();
    Node.Run tsc =
        node.run(
            List.of(Node.NODE, "node_modules/typescript/bin/tsc", "-p", "tsconfig.json"),
            Map.of(),
            NODE_BOUND,
            WORK.resolve("tsc.log"));
    System.out.println(summary("tsc", tsc));
    assertThat(tsc.exitCode()).as("tsc -p sdk/js/tsconfig.json:%n%s", tsc.output()).isZero();
  }

  /** sdk/js/test/*.test.js, named one by one (Node's own directory search differs by version). */
  private static List<String> testFiles() throws java.io.IOException {
    try (Stream<Path> files = Files.list(SDK.resolve("test"))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".test.js"))
          .sorted()
          .map(name -> "test/" + name)
          .toList();
    }
  }

  /** One line for the build's output: the command's outcome and node's own totals. */
  private static String summary(String what, Node.Run run) {
    String totals =
        run.output()
            .lines()
            .filter(line -> line.matches("^\\S* ?(tests|pass|fail|skipped|duration_ms) .*"))
            .map(line -> line.replaceFirst("^\\S* ?", ""))
            .collect(java.util.stream.Collectors.joining(", "));
    return "[INFO] " + what + " exited " + run.exitCode() + (totals.isEmpty() ? "" : ": " + totals);
  }
}
