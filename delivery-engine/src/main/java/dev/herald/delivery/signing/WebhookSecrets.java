package dev.herald.delivery.signing;

import dev.herald.delivery.signing.internal.Ed25519Signer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Webhook signing keys, serialized as Standard Webhooks has them: a symmetric secret is {@code
 * whsec_} and the base64 of 32 random bytes (HMAC-SHA256, signatures {@code v1}); an Ed25519 key
 * pair is {@code whsk_} and the base64 of the 32-byte private key, which Herald keeps, and {@code
 * whpk_} and the base64 of the 32-byte public key, which receivers verify with (signatures {@code
 * v1a}). The prefix says which scheme a stored key is for.
 */
public final class WebhookSecrets {

  public static final String PREFIX = "whsec_";
  public static final String PRIVATE_KEY_PREFIX = "whsk_";
  public static final String PUBLIC_KEY_PREFIX = "whpk_";

  /** The schemes, as the API names them. */
  public static final String HMAC_SHA256 = "hmac-sha256";

  public static final String ED25519 = "ed25519";

  // X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): this header, then the 32 key bytes
  private static final byte[] DER_HEADER = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  /** A new random symmetric secret. */
  public static String generate() {
    return PREFIX + Base64.getEncoder().encodeToString(random32());
  }

  /** A new key of the named scheme ({@link #HMAC_SHA256} or {@link #ED25519}). */
  public static String generate(String scheme) {
    return ED25519.equals(scheme)
        ? PRIVATE_KEY_PREFIX + Base64.getEncoder().encodeToString(random32())
        : generate();
  }

  /** The scheme a stored key is for ({@code null} for no key). */
  public static String scheme(String secret) {
    return secret == null ? null : isPrivateKey(secret) ? ED25519 : HMAC_SHA256;
  }

  /** Whether this is an Ed25519 private key ({@code whsk_}). */
  public static boolean isPrivateKey(String secret) {
    return secret != null && secret.startsWith(PRIVATE_KEY_PREFIX);
  }

  /** {@code whpk_} and the base64 of the raw public key of an Ed25519 private key. */
  public static String publicKey(String privateKey) {
    return PUBLIC_KEY_PREFIX + Base64.getEncoder().encodeToString(rawPublicKey(privateKey));
  }

  /** The same public key as base64 X.509 DER (SubjectPublicKeyInfo), for verifiers that want it. */
  public static String publicKeyDer(String privateKey) {
    byte[] raw = rawPublicKey(privateKey);
    byte[] der = new byte[DER_HEADER.length + raw.length];
    System.arraycopy(DER_HEADER, 0, der, 0, DER_HEADER.length);
    System.arraycopy(raw, 0, der, DER_HEADER.length, raw.length);
    return Base64.getEncoder().encodeToString(der);
  }

  /** The key bytes of a secret (the prefix is optional, as in the Standard Webhooks libraries). */
  public static byte[] decode(String secret) {
    String encoded = secret;
    for (String prefix : new String[] {PREFIX, PRIVATE_KEY_PREFIX}) {
      if (secret.startsWith(prefix)) {
        encoded = secret.substring(prefix.length());
      }
    }
    return Base64.getDecoder().decode(encoded);
  }

  private static byte[] rawPublicKey(String privateKey) {
    if (!isPrivateKey(privateKey)) {
      throw new IllegalArgumentException("not an Ed25519 private key (whsk_…)");
    }
    return Ed25519Signer.publicKey(decode(privateKey));
  }

  private static byte[] random32() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }
}
