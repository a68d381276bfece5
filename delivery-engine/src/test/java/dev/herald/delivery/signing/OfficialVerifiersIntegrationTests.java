package dev.herald.delivery.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receivers verify Herald's signatures with the libraries they already use: the official Standard
 * Webhooks and Svix packages from npm, run by Node.js.
 */
class OfficialVerifiersIntegrationTests {

  private static final Path DIR = Path.of("target", "npm-verifiers").toAbsolutePath();

  @BeforeAll
  static void installLibraries() throws Exception {
    assumeTrue(onPath("node") && onPath("npm"), "Node.js and npm are needed for this test");
    if (!Files.exists(DIR.resolve("node_modules/standardwebhooks"))
        || !Files.exists(DIR.resolve("node_modules/svix"))) {
      Files.createDirectories(DIR);
      run(
          List.of(
              "npm",
              "install",
              "--no-save",
              "--no-audit",
              "--no-fund",
              "--prefix",
              DIR.toString(),
              "standardwebhooks@1.1.1",
              "svix@1.45.0"),
          Map.of(),
          300);
    }
    try (var script =
        OfficialVerifiersIntegrationTests.class.getResourceAsStream(
            "/verify-with-official-libraries.js")) {
      Files.write(DIR.resolve("verify.js"), script.readAllBytes());
    }
  }

  @Test
  void officialLibraries_acceptOurSignature() throws Exception {
    JsonNode results = verify(WebhookSecrets.generate(), null);

    assertThat(results.get("standardwebhooks").asString()).isEqualTo("verified");
    assertThat(results.get("svix").asString()).isEqualTo("verified");
  }

  @Test
  void officialLibraries_refuseATamperedBody() throws Exception {
    JsonNode results = verify(WebhookSecrets.generate(), "{\"type\":\"forged\"}");

    assertThat(results.get("standardwebhooks").asString()).startsWith("refused");
    assertThat(results.get("svix").asString()).startsWith("refused");
  }

  @Test
  void nodesOwnEd25519_acceptsOurV1aSignature_fromEitherFormOfThePublicKey() throws Exception {
    JsonNode results = verify(WebhookSecrets.generate("ed25519"), null);

    assertThat(results.get("node-ed25519-der").asString()).isEqualTo("verified");
    assertThat(results.get("node-ed25519-raw").asString()).isEqualTo("verified");
  }

  @Test
  void nodesOwnEd25519_refusesATamperedBody() throws Exception {
    JsonNode results = verify(WebhookSecrets.generate("ed25519"), "{\"type\":\"forged\"}");

    assertThat(results.get("node-ed25519-der").asString()).isEqualTo("refused");
    assertThat(results.get("node-ed25519-raw").asString()).isEqualTo("refused");
  }

  private static JsonNode verify(String secret, String bodyReceived) throws Exception {
    String id = "evt_01M86NSR45BG091622QRBG2NM4";
    long timestamp = Instant.now().getEpochSecond();
    String body =
        "{\"id\":\""
            + id
            + "\",\"type\":\"message.created\",\"payload\":{\"action\":\"created\",\"data\":{\"content\":\"héllo ✓\"}}}";
    String signature =
        Signer.forSecret(secret).sign(id, timestamp, body.getBytes(StandardCharsets.UTF_8));
    String output =
        run(
            List.of("node", DIR.resolve("verify.js").toString()),
            Map.of(
                "SECRET",
                secret,
                "PUBLIC_KEY",
                WebhookSecrets.isPrivateKey(secret) ? WebhookSecrets.publicKey(secret) : "",
                "PUBLIC_KEY_DER",
                WebhookSecrets.isPrivateKey(secret) ? WebhookSecrets.publicKeyDer(secret) : "",
                "WEBHOOK_ID",
                id,
                "WEBHOOK_TIMESTAMP",
                Long.toString(timestamp),
                "WEBHOOK_SIGNATURE",
                signature,
                "BODY",
                bodyReceived == null ? body : bodyReceived,
                "NODE_PATH",
                DIR.resolve("node_modules").toString()),
            60);
    return JsonMapper.shared().readTree(output.lines().reduce((a, b) -> b).orElse("{}"));
  }

  private static String run(List<String> command, Map<String, String> env, int seconds)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("%s exited with: %s", command, text).isZero();
    return text;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
