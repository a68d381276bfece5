package dev.herald.web;

import java.util.Locale;

/**
 * What text Herald takes from a client. Any string it stores must be storable in PostgreSQL, which
 * refuses U+0000 in {@code text} and {@code jsonb} and cannot encode a lone UTF-16 surrogate in
 * UTF-8; request parameters (ids, cursors, filters) have no use for any control character at all.
 */
final class TextRules {

  private TextRules() {}

  /** Why {@code text} from a JSON body cannot be stored, or null when it can. */
  static String problemInBody(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "must not contain the NUL character (U+0000)";
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
        if (!paired) {
          return "must not contain a lone UTF-16 surrogate (" + codePoint(c) + ")";
        }
        i++;
      }
    }
    return null;
  }

  /** Why {@code text} cannot be a request parameter (query, path, header), or null when it can. */
  static String problemInParameter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "must not contain control characters (found " + codePoint(c) + ")";
      }
    }
    return problemInBody(text);
  }

  private static String codePoint(char c) {
    return String.format(Locale.ROOT, "U+%04X", (int) c);
  }
}
