package dev.herald.web;

/** The {@code limit} query parameter of every list. */
public final class Paging {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  private Paging() {}

  /** The limit to use, from the query parameter (or the default). */
  public static int limit(Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw ApiException.badRequest(
          "limit must be between 1 and " + MAX_LIMIT + " (was " + requested + ")");
    }
    return requested;
  }
}
