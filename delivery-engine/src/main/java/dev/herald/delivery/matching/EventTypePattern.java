package dev.herald.delivery.matching;

import java.util.regex.Pattern;

/**
 * A pattern over event types: an exact name ({@code message.created}), a domain at any depth
 * ({@code message.*} also matches {@code message.annotation.created}), or everything ({@code *}).
 */
public record EventTypePattern(String text) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

  /**
   * Parses a pattern.
   *
   * @throws InvalidPatternException naming the pattern and what is wrong with it
   */
  public static EventTypePattern parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidPatternException(String.valueOf(text), "a pattern cannot be empty");
    }
    if (text.equals("*")) {
      return new EventTypePattern(text);
    }
    String name = text.endsWith(".*") ? text.substring(0, text.length() - 2) : text;
    if (!NAME.matcher(name).matches()) {
      throw new InvalidPatternException(
          text,
          "use an event type (message.created), a domain wildcard (message.*) or *;"
              + " names are lower-case words separated by dots");
    }
    return new EventTypePattern(text);
  }

  public boolean isEverything() {
    return text.equals("*");
  }

  public boolean isWildcard() {
    return text.endsWith("*");
  }

  /** The prefix a wildcard matches, such as {@code message.}; empty for {@code *}. */
  public String prefix() {
    return isWildcard() ? text.substring(0, text.length() - 1) : text;
  }

  /** Whether an event of this type matches. */
  public boolean matches(String type) {
    return isWildcard() ? type.startsWith(prefix()) : type.equals(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
