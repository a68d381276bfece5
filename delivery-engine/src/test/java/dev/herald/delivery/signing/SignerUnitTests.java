package dev.herald.delivery.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.webhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
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

  // RFC 8032, section 7.1, test 1: a private key and its public key
  private static final String RFC8032_PRIVATE =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String RFC8032_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  private static String privateKey(String hex) {
    return "whsk_" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }

  @Test
  void ed25519PublicKey_isRfc8032s_rawAndAsX509Der() throws Exception {
    String key = privateKey(RFC8032_PRIVATE);

    assertThat(WebhookSecrets.publicKey(key))
        .isEqualTo(
            "whpk_" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(RFC8032_PUBLIC)));
    PublicKey der =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new X509EncodedKeySpec(
                    Base64.getDecoder().decode(WebhookSecrets.publicKeyDer(key))));
    assertThat(der.getEncoded()).endsWith(HexFormat.of().parseHex(RFC8032_PUBLIC));
    assertThat(WebhookSecrets.scheme(key)).isEqualTo("ed25519");
    assertThat(WebhookSecrets.scheme(SECRET)).isEqualTo("hmac-sha256");
  }

  @Test
  void ed25519Signature_verifiesWithTheJdksOwnEd25519_andOurVerifier() throws Exception {
    String key = WebhookSecrets.generate("ed25519");
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

    String signature = Signer.forSecret(key).sign(ID, TIMESTAMP, body);

    assertThat(signature).startsWith("v1a,");
    // an implementation independent of ours (BouncyCastle signs): the JDK's, from the DER key
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(
        KeyFactory.getInstance("Ed25519")
            .generatePublic(
                new X509EncodedKeySpec(
                    Base64.getDecoder().decode(WebhookSecrets.publicKeyDer(key)))));
    jdk.update((ID + "." + TIMESTAMP + ".").getBytes(StandardCharsets.UTF_8));
    jdk.update(body);
    assertThat(jdk.verify(Base64.getDecoder().decode(signature.substring(4)))).isTrue();
    Map<String, String> headers =
        Map.of(
            "webhook-id",
            ID,
            "webhook-timestamp",
            Long.toString(TIMESTAMP),
            "webhook-signature",
            "v1,bm90IGl0 " + signature);
    new Webhook(WebhookSecrets.publicKey(key))
        .verify(headers, body, Instant.ofEpochSecond(TIMESTAMP));
  }

  @Test
  void ed25519Verifier_refusesATamperedBody_anotherKey_andHmacSignatures() {
    String key = WebhookSecrets.generate("ed25519");
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.ofEpochSecond(TIMESTAMP);
    Map<String, String> signed =
        Map.of(
            "webhook-id", ID,
            "webhook-timestamp", Long.toString(TIMESTAMP),
            "webhook-signature", Signer.forSecret(key).sign(ID, TIMESTAMP, body));
    Map<String, String> hmacOnly =
        Map.of(
            "webhook-id", ID,
            "webhook-timestamp", Long.toString(TIMESTAMP),
            "webhook-signature", Signer.forSecret(SECRET).sign(ID, TIMESTAMP, body));
    Webhook verifier = new Webhook(WebhookSecrets.publicKey(key));

    assertThatThrownBy(
            () ->
                verifier.verify(
                    signed, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), now))
        .hasMessageContaining("no matching signature");
    assertThatThrownBy(
            () ->
                new Webhook(WebhookSecrets.publicKey(WebhookSecrets.generate("ed25519")))
                    .verify(signed, body, now))
        .hasMessageContaining("no matching signature");
    assertThatThrownBy(() -> verifier.verify(hmacOnly, body, now))
        .hasMessageContaining("no matching signature");
  }

  @Test
  void rotationFromHmacToEd25519_signsWithBoth() {
    String key = WebhookSecrets.generate("ed25519");
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

    String header = Signer.forSecrets(key, SECRET).sign(ID, TIMESTAMP, body);

    assertThat(header.split(" ")).hasSize(2);
    assertThat(header).startsWith("v1a,").contains(" v1,");
    Map<String, String> headers =
        Map.of(
            "webhook-id",
            ID,
            "webhook-timestamp",
            Long.toString(TIMESTAMP),
            "webhook-signature",
            header);
    new Webhook(SECRET).verify(headers, body, Instant.ofEpochSecond(TIMESTAMP));
    new Webhook(WebhookSecrets.publicKey(key))
        .verify(headers, body, Instant.ofEpochSecond(TIMESTAMP));
  }
}
