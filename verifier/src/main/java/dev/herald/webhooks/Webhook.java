package dev.herald.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies that a webhook request came from Herald (Standard Webhooks signatures: {@code v1}
 * HMAC-SHA256 with the endpoint's {@code whsec_} secret, or {@code v1a} Ed25519 with its {@code
 * whpk_} public key): copy this one file into your receiver, or depend on {@code
 * dev.herald:herald-webhook-verifier}. It needs nothing but the JDK (17 or later).
 *
 * <pre>{@code
 * Webhook.verify(System.getenv("HERALD_WEBHOOK_SECRET"), requestHeaders, rawBody);
 * }</pre>
 *
 * <p>Verify the raw body bytes exactly as received, before parsing them.
 */
public final class Webhook {

  /** How far a request's timestamp may be from now. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final String SECRET_PREFIX = "whsec_";
  private static final String PUBLIC_KEY_PREFIX = "whpk_";
  // X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410), before the 32 key bytes
  private static final byte[] ED25519_DER_HEADER = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private final byte[] key; // HMAC key, or null
  private final PublicKey publicKey; // Ed25519 public key, or null

  /** A verifier for one endpoint's secret ({@code whsec_...}) or public key ({@code whpk_...}). */
  public Webhook(String secretOrPublicKey) {
    if (secretOrPublicKey.startsWith(PUBLIC_KEY_PREFIX)) {
      byte[] raw =
          Base64.getDecoder().decode(secretOrPublicKey.substring(PUBLIC_KEY_PREFIX.length()));
      if (raw.length != 32) {
        throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
      }
      byte[] der = Arrays.copyOf(ED25519_DER_HEADER, ED25519_DER_HEADER.length + raw.length);
      System.arraycopy(raw, 0, der, ED25519_DER_HEADER.length, raw.length);
      try {
        this.publicKey =
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("not an Ed25519 public key", e);
      }
      this.key = null;
    } else {
      String encoded =
          secretOrPublicKey.startsWith(SECRET_PREFIX)
              ? secretOrPublicKey.substring(SECRET_PREFIX.length())
              : secretOrPublicKey;
      this.key = Base64.getDecoder().decode(encoded);
      this.publicKey = null;
    }
  }

  /**
   * Checks a request's signature.
   *
   * @param headers the request's headers (names in any case)
   * @param body the raw request body
   * @throws VerificationException when a header is missing, the timestamp is outside the tolerance,
   *     or no signature matches
   */
  public static void verify(String secret, Map<String, String> headers, byte[] body) {
    new Webhook(secret).verify(headers, body, Instant.now());
  }

  /** {@link #verify(String, Map, byte[])} for a body held as a UTF-8 string. */
  public static void verify(String secret, Map<String, String> headers, String body) {
    verify(secret, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Checks a request's signature against the clock reading {@code now}. */
  public void verify(Map<String, String> headers, byte[] body, Instant now) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    String id = require(byName, "webhook-id");
    String timestamp = require(byName, "webhook-timestamp");
    String signatures = require(byName, "webhook-signature");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      throw new VerificationException("webhook-timestamp is not a number of seconds");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      throw new VerificationException("webhook-timestamp is more than 5 minutes away from now");
    }
    byte[] signed = concat((id + "." + seconds + ".").getBytes(StandardCharsets.UTF_8), body);
    byte[] expected = key == null ? null : hmac(signed);
    String scheme = key == null ? "v1a" : "v1";
    for (String candidate : signatures.trim().split(" +")) {
      int comma = candidate.indexOf(',');
      if (comma < 0 || !candidate.substring(0, comma).toLowerCase(Locale.ROOT).equals(scheme)) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(comma + 1));
      } catch (IllegalArgumentException notBase64) {
        continue;
      }
      if (expected != null ? MessageDigest.isEqual(expected, given) : ed25519(signed, given)) {
        return;
      }
    }
    throw new VerificationException("no matching signature");
  }

  private boolean ed25519(byte[] signed, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(signed);
      return verifier.verify(signature);
    } catch (SignatureException malformed) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private byte[] hmac(byte[] signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  private static String require(Map<String, String> headers, String name) {
    String value = headers.get(name);
    if (value == null || value.isBlank()) {
      throw new VerificationException("missing header " + name);
    }
    return value;
  }

  /** A request that does not carry a valid Herald signature. */
  public static final class VerificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
      super(message);
    }
  }
}
