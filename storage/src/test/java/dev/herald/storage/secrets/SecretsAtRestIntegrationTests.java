package dev.herald.storage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.storage.idempotency.IdempotentRequests;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.projects.ProjectRepository;
import dev.herald.storage.webhooks.TestWebhooks;
import dev.herald.storage.webhooks.Webhook;
import dev.herald.storage.webhooks.WebhookRepository;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;

@SpringBootTest(properties = "herald.data-dir=target/test-herald-data")
class SecretsAtRestIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(10);

  @Autowired DatabaseClient db;
  @Autowired SecretBox box;
  @Autowired WebhookRepository webhooks;
  @Autowired ProjectRepository projects;
  @Autowired SecretsAtRest secretsAtRest;

  private Webhook create(String secret) {
    ProjectRef project = projects.create(null, "t", "p").block(BOUND).project();
    return webhooks.create(TestWebhooks.everything(project.projectId(), secret)).block(BOUND);
  }

  private String stored(Webhook webhook) {
    return db.sql("SELECT secret FROM webhooks WHERE project_id = :p AND id = :id")
        .bind("p", webhook.projectId())
        .bind("id", webhook.id())
        .map(row -> row.get("secret", String.class))
        .one()
        .block(BOUND);
  }

  @Test
  void secret_isStoredSealed_andReadBackAsIssued() {
    Webhook webhook = create("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

    assertThat(stored(webhook)).startsWith("enc:v1:").doesNotContain("MfKQ9r8G");
    assertThat(webhook.secret()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThat(webhooks.find(webhook.projectId(), webhook.id()).block(BOUND).secret())
        .isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  }

  @Test
  void secretsStoredBeforeEncryption_areSealedAtStart() {
    Webhook webhook = create("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    db.sql("UPDATE webhooks SET secret = :plain WHERE project_id = :p AND id = :id")
        .bind("plain", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        .bind("p", webhook.projectId())
        .bind("id", webhook.id())
        .then()
        .block(BOUND);

    Long changed = secretsAtRest.sealUnderCurrentKey().block(BOUND);

    assertThat(changed).isPositive();
    assertThat(stored(webhook)).startsWith("enc:v1:");
    assertThat(webhooks.find(webhook.projectId(), webhook.id()).block(BOUND).secret())
        .isEqualTo("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  }

  @Test
  void keyChange_withTheOldKeyAsPrevious_resealsEverythingUnderTheNewKey() {
    Webhook webhook = create("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    String projectId = webhook.projectId();
    IdempotentRequests keys = new IdempotentRequests(db, box);
    keys.take(projectId, "k", new byte[] {1}, "holder", Duration.ofMinutes(1)).block(BOUND);
    keys.answer(
            projectId,
            "k",
            "holder",
            new IdempotentRequests.Response(201, null, null, new byte[] {42}))
        .block(BOUND);
    byte[] next = new byte[32];
    Arrays.fill(next, (byte) 9);
    SecretBox rotated = new SecretBox(next, List.of(testKey()));
    SecretsAtRest atNextStart = new SecretsAtRest(db, rotated);

    atNextStart.checkKey().block(BOUND);
    atNextStart.sealUnderCurrentKey().then(atNextStart.resealKeptResponses()).block(BOUND);

    assertThat(stored(webhook)).startsWith("enc:v1:" + rotated.keyId() + ":");
    assertThat(rotated.open(stored(webhook))).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    // once the old key is gone, the kept response still opens
    assertThat(
            new IdempotentRequests(db, new SecretBox(next))
                .find(projectId, "k")
                .block(BOUND)
                .response()
                .body())
        .containsExactly(42);
    // and back, so that the other tests of this shared database keep opening what they read
    SecretsAtRest back = new SecretsAtRest(db, new SecretBox(testKey(), List.of(next)));
    back.checkKey().then(back.sealUnderCurrentKey()).then(back.resealKeptResponses()).block(BOUND);
    assertThat(stored(webhook)).startsWith("enc:v1:" + box.keyId() + ":");
    new SecretsAtRest(db, box).checkKey().block(BOUND);
  }

  /** The key the test context runs with (src/test/resources/application.properties). */
  private static byte[] testKey() {
    return java.util.Base64.getDecoder().decode("J4Y5PDFCAbgC7mc09u4QbXBHSNjDXXGZ64SdGaC/8/g=");
  }

  @Test
  void startWithAnotherKey_isRefusedNamingBothKeys() {
    create("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    byte[] other = new byte[32];
    Arrays.fill(other, (byte) 7);
    SecretBox wrong = new SecretBox(other);

    assertThatThrownBy(() -> new SecretsAtRest(db, wrong).checkKey().block(BOUND))
        .hasMessageContaining(box.keyId())
        .hasMessageContaining(wrong.keyId())
        .hasMessageContaining("HERALD_SECRETS_KEY");
    secretsAtRest.checkKey().block(BOUND);
  }
}
