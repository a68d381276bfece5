package dev.herald.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: the items, whether more follow, and the cursor to pass as {@code after} to
 * get them.
 */
public record ListOut<T>(
    List<T> data, boolean hasMore, @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {

  /**
   * A page from up to {@code limit + 1} fetched items: the extra one only tells that more follow.
   */
  public static <T> ListOut<T> of(List<T> fetched, int limit, Function<T, String> cursor) {
    boolean more = fetched.size() > limit;
    List<T> page = more ? fetched.subList(0, limit) : fetched;
    return new ListOut<>(page, more, more ? cursor.apply(page.get(page.size() - 1)) : null);
  }

  /** A whole, unpaged list. */
  public static <T> ListOut<T> all(List<T> items) {
    return new ListOut<>(items, false, null);
  }
}
