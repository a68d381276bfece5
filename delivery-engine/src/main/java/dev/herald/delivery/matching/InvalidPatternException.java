package dev.herald.delivery.matching;

/** An event type pattern that cannot be parsed. */
public class InvalidPatternException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String pattern;

  public InvalidPatternException(String pattern, String reason) {
    super("'" + pattern + "' is not a valid event type pattern: " + reason);
    this.pattern = pattern;
  }

  public String pattern() {
    return pattern;
  }
}
