package dev.herald.gatherings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One message of a watch stream, in the shape of Firestore's {@code onSnapshot}: the whole list and
 * the changes since the previous message. The first message lists every item as {@code added}.
 */
record Snapshot<T>(List<T> items, List<Snapshot.Change<T>> changes) {

  /**
   * One change: {@code added} ({@code oldIndex} -1), {@code modified} or {@code removed} ({@code
   * newIndex} -1). Indexes are applied in order, as Firestore's are: a removal's {@code oldIndex}
   * is counted after the removals before it, an addition's {@code newIndex} is its place in the new
   * list.
   */
  record Change<T>(String type, T item, int oldIndex, int newIndex) {}

  /** The first message: every item added. */
  static <T> Snapshot<T> initial(List<T> items) {
    List<Change<T>> changes = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      changes.add(new Change<>("added", items.get(i), -1, i));
    }
    return new Snapshot<>(List.copyOf(items), changes);
  }

  /** The message from {@code before} to {@code after}; items are told apart by {@code key}. */
  static <T> Snapshot<T> between(List<T> before, List<T> after, Function<T, String> key) {
    Map<String, T> old = new HashMap<>();
    before.forEach(item -> old.put(key.apply(item), item));
    Map<String, T> now = new HashMap<>();
    after.forEach(item -> now.put(key.apply(item), item));
    List<String> working = new ArrayList<>(before.stream().map(key).toList());
    List<Change<T>> changes = new ArrayList<>();
    for (T item : before) {
      String k = key.apply(item);
      if (!now.containsKey(k)) {
        int index = working.indexOf(k);
        working.remove(index);
        changes.add(new Change<>("removed", item, index, -1));
      }
    }
    for (int i = 0; i < after.size(); i++) {
      T item = after.get(i);
      String k = key.apply(item);
      if (!old.containsKey(k)) {
        working.add(i, k);
        changes.add(new Change<>("added", item, -1, i));
      } else if (!old.get(k).equals(item) || working.indexOf(k) != i) {
        int index = working.indexOf(k);
        working.remove(index);
        working.add(i, k);
        changes.add(new Change<>("modified", item, index, i));
      }
    }
    return new Snapshot<>(List.copyOf(after), changes);
  }
}
