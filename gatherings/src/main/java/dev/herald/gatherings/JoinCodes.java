package dev.herald.gatherings;

import dev.herald.storage.ids.Ids;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * Join codes: 8 characters of Crockford's base32 (no I, L, O, U), shown as {@code ABCD-1234}.
 * Lookups ignore case, hyphens and spaces, and read O as 0 and I or L as 1.
 */
final class JoinCodes {

  static final String ALPHABET = Ids.CROCKFORD;
  static final int LENGTH = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private JoinCodes() {}

  /** A new random code, normalized (no hyphen). */
  static String generate() {
    char[] code = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(code);
  }

  /** The code as shown: {@code ABCD-1234}. */
  static String display(String normalized) {
    return normalized.substring(0, 4) + "-" + normalized.substring(4);
  }

  /** The normalized form of what a person typed, or null if it cannot be a join code. */
  static String normalize(String typed) {
    if (typed == null || typed.length() > 32) {
      return null;
    }
    StringBuilder code = new StringBuilder(LENGTH);
    for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
      if (c == '-' || c == ' ') {
        continue;
      }
      char read =
          switch (c) {
            case 'O' -> '0';
            case 'I', 'L' -> '1';
            default -> c;
          };
      if (ALPHABET.indexOf(read) < 0) {
        return null;
      }
      code.append(read);
    }
    return code.length() == LENGTH ? code.toString() : null;
  }
}
