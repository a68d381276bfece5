package dev.herald.delivery.signing;

import java.security.SecureRandom;
import java.util.Base64;

/** Webhook signing secrets: {@code whsec_} and the base64 of 32 random bytes. */
public final class WebhookSecrets {

  public static final String PREFIX = "whsec_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  /** A new random secret. */
  public static String generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The key bytes of a secret (the prefix is optional, as in the Standard Webhooks libraries). */
  public static byte[] decode(String secret) {
    String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    return Base64.getDecoder().decode(encoded);
  }
}
