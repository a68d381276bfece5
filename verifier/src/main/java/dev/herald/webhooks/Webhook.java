package dev.herald.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies that a webhook request came from Herald (Standard Webhooks {@code v1} signatures): copy
 * this one file into your receiver, or depend on {@code dev.herald:herald-webhook-verifier}.
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

  private final byte[] key;

  /** A verifier for one endpoint's secret ({@code whsec_...}). */
  public Webhook(String secret) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    this.key = Base64.getDecoder().decode(encoded);
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
    byte[] expected = sign(id, seconds, body);
    for (String candidate : signatures.trim().split(" +")) {
      int comma = candidate.indexOf(',');
      if (comma < 0 || !candidate.substring(0, comma).toLowerCase(Locale.ROOT).equals("v1")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(comma + 1));
      } catch (IllegalArgumentException notBase64) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return;
      }
    }
    throw new VerificationException("no matching signature");
  }

  private byte[] sign(String id, long seconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + seconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
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
