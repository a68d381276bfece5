package dev.herald.gatherings.mail;

/**
 * Line folding of RFC 5545 §3.1: content lines end with CRLF and are folded so that no line is
 * longer than 75 octets (the leading space of a continuation counts), never inside a UTF-8
 * character. Libraries fold by characters, which lets a line of multi-byte text grow past 75
 * octets, so Herald writes unfolded lines and folds them here.
 */
final class IcsFolding {

  static final int MAX_OCTETS = 75;

  private IcsFolding() {}

  /** The content lines of {@code unfolded} (CRLF or LF separated), folded, each ending in CRLF. */
  static String fold(String unfolded) {
    StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 50 * 3);
    for (String line : unfolded.split("\r\n|\n")) {
      if (!line.isEmpty()) {
        foldLine(line, out);
      }
    }
    return out.toString();
  }

  private static void foldLine(String line, StringBuilder out) {
    int octets = 0;
    int i = 0;
    while (i < line.length()) {
      int codePoint = line.codePointAt(i);
      int size = utf8Length(codePoint);
      if (octets + size > MAX_OCTETS) {
        out.append("\r\n ");
        octets = 1;
      }
      out.appendCodePoint(codePoint);
      octets += size;
      i += Character.charCount(codePoint);
    }
    out.append("\r\n");
  }

  private static int utf8Length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }
}
