package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Watch messages: Firestore-style changes with indexes applied in order. */
class SnapshotUnitTests {

  record Item(String key, String state) {}

  private static final Function<Item, String> KEY = Item::key;

  @Test
  void initial_addsEveryItemAtItsIndex() {
    Snapshot<Item> first = Snapshot.initial(List.of(item("a"), item("b")));
    assertThat(first.changes())
        .extracting(c -> c.type() + ":" + c.item().key() + ":" + c.oldIndex() + ":" + c.newIndex())
        .containsExactly("added:a:-1:0", "added:b:-1:1");
  }

  @Test
  void between_reportsRemovalsFirstThenAdditionsAndModificationsInNewOrder() {
    List<Item> before = List.of(item("a"), item("b"), item("c"));
    List<Item> after = List.of(item("a"), new Item("c", "ready"), item("d"));

    Snapshot<Item> next = Snapshot.between(before, after, KEY);

    assertThat(next.items()).isEqualTo(after);
    assertThat(next.changes())
        .extracting(c -> c.type() + ":" + c.item().key() + ":" + c.oldIndex() + ":" + c.newIndex())
        .containsExactly("removed:b:1:-1", "modified:c:1:1", "added:d:-1:2");
  }

  @Test
  void between_ofEqualLists_hasNoChanges() {
    List<Item> items = List.of(item("a"), item("b"));
    assertThat(Snapshot.between(items, List.copyOf(items), KEY).changes()).isEmpty();
  }

  @Test
  void between_reportsAMoveAsModifiedWithBothIndexes() {
    Snapshot<Item> next =
        Snapshot.between(List.of(item("a"), item("b")), List.of(item("b"), item("a")), KEY);
    assertThat(next.changes())
        .extracting(c -> c.type() + ":" + c.item().key() + ":" + c.oldIndex() + ":" + c.newIndex())
        .containsExactly("modified:b:1:0");
  }

  private static Item item(String key) {
    return new Item(key, "joined");
  }
}
