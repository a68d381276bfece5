package dev.herald.storage.ids;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Prefixed, time-ordered identifiers such as {@code evt_01JZ8Q4W3M5T7X9C2B4D6F8H0K}: the prefix
 * says what the id names, the 26 Crockford base32 characters are a ULID (48 bits of milliseconds,
 * 80 random bits), so ids sort by creation time.
 */
public final class Ids {

  /**
   * Crockford's base32 alphabet: digits and capitals without I, L, O and U, so an id or code read
   * aloud or typed by hand has no look-alikes (join codes use it too).
   */
  public static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private static final char[] ALPHABET = CROCKFORD.toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A new id with the given prefix, e.g. {@code newId("evt")}. */
  public static String newId(String prefix) {
    return prefix + "_" + ulid(Clock.systemUTC().millis());
  }

  /** A random secret of {@code bytes} bytes, URL-safe base64 without padding. */
  public static String randomToken(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  static String ulid(long millis) {
    char[] out = new char[26];
    long time = millis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET[(int) (time & 31)];
      time >>>= 5;
    }
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    // 80 random bits as 16 base32 characters
    long hi = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (random[i] & 0xff);
    }
    long lo = 0;
    for (int i = 5; i < 10; i++) {
      lo = (lo << 8) | (random[i] & 0xff);
    }
    for (int i = 17; i >= 10; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
    }
    for (int i = 25; i >= 18; i--) {
      out[i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }
}
