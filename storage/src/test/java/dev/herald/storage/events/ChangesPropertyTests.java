package dev.herald.storage.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code changes} over generated objects: it names exactly the fields that differ, with their old
 * values, and together with the new state it gives back the old one.
 */
class ChangesPropertyTests {

  private static final JsonMapper JSON = JsonMapper.shared();

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    Arbitrary<Object> value =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 3).map(Object.class::cast),
            Arbitraries.of("a", "b").map(Object.class::cast),
            Arbitraries.of(true, false).map(Object.class::cast),
            Arbitraries.maps(Arbitraries.of("x", "y"), Arbitraries.integers().between(0, 1))
                .ofMaxSize(2)
                .map(Object.class::cast));
    return Arbitraries.maps(Arbitraries.of("id", "name", "status", "meta", "count"), value)
        .ofMaxSize(5);
  }

  @Property
  void changes_nameExactlyTheFieldsThatDiffer_withTheirOldValues(
      @ForAll("objects") Map<String, Object> before, @ForAll("objects") Map<String, Object> after) {
    JsonNode old = JSON.valueToTree(before);
    JsonNode now = JSON.valueToTree(after);

    ObjectNode changes = Changes.between(old, now);

    for (String name : changes.propertyNames()) {
      JsonNode was = old.get(name);
      assertThat(was == null ? changes.get(name).isNull() : was.equals(changes.get(name))).isTrue();
      assertThat(now.get(name)).isNotEqualTo(was);
    }
    for (String name : now.propertyNames()) {
      if (now.get(name).equals(old.get(name))) {
        assertThat(changes.has(name)).isFalse();
      }
    }
  }

  @Property
  void theNewStateAndItsChanges_giveBackTheOldState(
      @ForAll("objects") Map<String, Object> before, @ForAll("objects") Map<String, Object> after) {
    JsonNode old = JSON.valueToTree(before);
    ObjectNode rebuilt = ((ObjectNode) JSON.valueToTree(after)).deepCopy();

    Changes.between(old, rebuilt.deepCopy())
        .properties()
        .forEach(
            field -> {
              if (field.getValue().isNull() && !old.has(field.getKey())) {
                rebuilt.remove(field.getKey());
              } else {
                rebuilt.set(field.getKey(), field.getValue());
              }
            });

    assertThat(rebuilt).isEqualTo(old);
  }

  @Property
  void anObject_hasNoChangesAgainstItself(@ForAll("objects") Map<String, Object> state) {
    JsonNode node = JSON.valueToTree(state);

    assertThat(Changes.between(node, node.deepCopy()).isEmpty()).isTrue();
  }
}
