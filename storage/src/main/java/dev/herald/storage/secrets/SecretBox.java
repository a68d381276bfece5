package dev.herald.storage.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals secrets for storage with AES-256-GCM: {@code enc:v1:<key id>:<base64 of nonce and
 * ciphertext>}, the key id being the first 8 hex digits of the key's SHA-256 (so a value says which
 * key it needs, never the key). A value without the {@code enc:} prefix is a secret stored before
 * encryption, opened as it is. Previous keys (during a key rotation) still open what they sealed;
 * only the current key seals.
 */
public final class SecretBox {

  static final String PREFIX = "enc:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger log = LoggerFactory.getLogger(SecretBox.class);

  private final SecretKeySpec key;
  private final String keyId;
  private final Map<String, SecretKeySpec> opening = new HashMap<>();

  /**
   * @param key 32 bytes
   */
  public SecretBox(byte[] key) {
    this(key, List.of());
  }

  /**
   * @param key the key that seals, 32 bytes
   * @param previous keys that still open what they sealed, 32 bytes each
   */
  public SecretBox(byte[] key, List<byte[]> previous) {
    this.key = spec(key);
    this.keyId = keyId(key);
    opening.put(keyId, this.key);
    for (byte[] old : previous) {
      opening.putIfAbsent(keyId(old), spec(old));
    }
  }

  /** Which key seals, as written into sealed values. */
  public String keyId() {
    return keyId;
  }

  /** Whether values sealed under this key id open here. */
  public boolean opens(String keyId) {
    return opening.containsKey(keyId);
  }

  /** Whether a stored value is sealed under the current key (not a previous one, not plain). */
  public boolean isCurrent(String stored) {
    return stored.startsWith(PREFIX + keyId + ":");
  }

  /** The secret, sealed for storage. */
  public String seal(String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] ciphertext =
        crypt(key, Cipher.ENCRYPT_MODE, nonce, secret.getBytes(StandardCharsets.UTF_8));
    return PREFIX
        + keyId
        + ":"
        + Base64.getEncoder()
            .encodeToString(
                ByteBuffer.allocate(nonce.length + ciphertext.length)
                    .put(nonce)
                    .put(ciphertext)
                    .array());
  }

  /**
   * The secret of a stored value ({@code null} stays {@code null}).
   *
   * @throws IllegalStateException when it was sealed under another key, or altered
   */
  public String open(String stored) {
    if (stored == null || !isSealed(stored)) {
      return stored;
    }
    String rest = stored.substring(PREFIX.length());
    int colon = rest.indexOf(':');
    String sealedWith = colon < 0 ? "" : rest.substring(0, colon);
    SecretKeySpec sealingKey = opening.get(sealedWith);
    if (sealingKey == null) {
      throw new IllegalStateException(
          "a secret was sealed under key "
              + sealedWith
              + ", but this Herald has key "
              + keyId
              + ": give every instance the same HERALD_SECRETS_KEY");
    }
    byte[] bytes = Base64.getDecoder().decode(rest.substring(colon + 1));
    byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
    byte[] ciphertext = java.util.Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
    return new String(
        crypt(sealingKey, Cipher.DECRYPT_MODE, nonce, ciphertext), StandardCharsets.UTF_8);
  }

  /**
   * The secret of a stored value, or {@code null} when it does not open (altered, or sealed under a
   * key this Herald lacks), so that one such webhook fails alone instead of every read with it.
   */
  public String openOrNull(String stored) {
    try {
      return open(stored);
    } catch (IllegalStateException | IllegalArgumentException unopenable) {
      log.warn("A stored secret does not open: {}", unopenable.getMessage());
      return null;
    }
  }

  /** Whether a stored value is sealed (rather than a secret stored before encryption). */
  public static boolean isSealed(String stored) {
    return stored.startsWith(PREFIX);
  }

  private static SecretKeySpec spec(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("a secrets key must be 32 bytes, not " + key.length);
    }
    return new SecretKeySpec(key, "AES");
  }

  private static byte[] crypt(SecretKeySpec key, int mode, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      return cipher.doFinal(input);
    } catch (javax.crypto.AEADBadTagException altered) {
      throw new IllegalStateException("a sealed secret does not open: it was altered", altered);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JVM", e);
    }
  }

  private static String keyId(byte[] key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
