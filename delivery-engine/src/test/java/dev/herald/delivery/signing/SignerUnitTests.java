package dev.herald.delivery.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.webhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignerUnitTests {

  // the Standard Webhooks specification's own example
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final String BODY = "{\"test\": 2432232314}";

  @Test
  void signature_matchesTheSpecificationsExample() {
    assertThat(Signer.forSecret(SECRET).sign(ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void verifier_acceptsOurSignature_amongSeveral() {
    String signature =
        Signer.forSecret(SECRET).sign(ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers =
        Map.of(
            "Webhook-Id",
            ID,
            "Webhook-Timestamp",
            Long.toString(TIMESTAMP),
            "Webhook-Signature",
            "v1,bm90IGl0 " + signature);

    new Webhook(SECRET)
        .verify(
            headers, BODY.getBytes(StandardCharsets.UTF_8), Instant.ofEpochSecond(TIMESTAMP + 299));
  }

  @Test
  void verifier_refusesMissingHeadersAndOtherSecrets() {
    String signature =
        Signer.forSecret(SECRET).sign(ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers =
        Map.of(
            "webhook-id",
            ID,
            "webhook-timestamp",
            Long.toString(TIMESTAMP),
            "webhook-signature",
            signature);
    Instant now = Instant.ofEpochSecond(TIMESTAMP);

    assertThatThrownBy(
            () ->
                new Webhook(WebhookSecrets.generate())
                    .verify(headers, BODY.getBytes(StandardCharsets.UTF_8), now))
        .hasMessageContaining("no matching signature");
    assertThatThrownBy(
            () ->
                new Webhook(SECRET)
                    .verify(Map.of("webhook-id", ID), BODY.getBytes(StandardCharsets.UTF_8), now))
        .hasMessageContaining("missing header");
  }

  @Test
  void generatedSecrets_are32RandomBytes() {
    String secret = WebhookSecrets.generate();

    assertThat(secret).startsWith("whsec_");
    assertThat(WebhookSecrets.decode(secret)).hasSize(32);
    assertThat(WebhookSecrets.generate()).isNotEqualTo(secret);
  }
}
