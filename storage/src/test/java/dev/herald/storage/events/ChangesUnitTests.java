package dev.herald.storage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ChangesUnitTests {

  private static JsonNode json(String text) {
    return JsonMapper.shared().readTree(text);
  }

  @Test
  void flatFields_onlyTheChangedOnesWithTheirOldValues() {
    JsonNode changes =
        Changes.between(
            json("{\"name\":\"Ranked\",\"status\":\"waiting\",\"maxMembers\":10}"),
            json("{\"name\":\"Ranked\",\"status\":\"started\",\"maxMembers\":12}"));

    assertThat(changes).isEqualTo(json("{\"status\":\"waiting\",\"maxMembers\":10}"));
  }

  @Test
  void nestedObjectChangedAnywhere_appearsWhole() {
    JsonNode changes =
        Changes.between(
            json("{\"name\":\"x\",\"metadata\":{\"room\":\"r1\",\"mode\":\"5v5\"}}"),
            json("{\"name\":\"x\",\"metadata\":{\"room\":\"r2\",\"mode\":\"5v5\"}}"));

    assertThat(changes).isEqualTo(json("{\"metadata\":{\"room\":\"r1\",\"mode\":\"5v5\"}}"));
  }

  @Test
  void addedField_hadNullBefore_andRemovedField_keepsItsOldValue() {
    JsonNode changes =
        Changes.between(json("{\"a\":1,\"gone\":\"old\"}"), json("{\"a\":1,\"added\":true}"));

    assertThat(changes).isEqualTo(json("{\"gone\":\"old\",\"added\":null}"));
  }

  @Test
  void noDifference_noChanges() {
    assertThat(Changes.between(json("{\"a\":[1,2]}"), json("{\"a\":[1,2]}"))).isEmpty();
  }

  @Test
  void changedArray_appearsWhole() {
    assertThat(Changes.between(json("{\"tags\":[1,2]}"), json("{\"tags\":[1,3]}")))
        .isEqualTo(json("{\"tags\":[1,2]}"));
  }

  @Test
  void onlyObjectsCanBeCompared() {
    assertThatThrownBy(() -> Changes.between(json("[1]"), json("{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void updatedPayload_carriesTheNewDataAndTheChanges() {
    EventPayload payload =
        EventPayload.updated(json("{\"displayName\":\"Ann\"}"), json("{\"displayName\":\"Anne\"}"));

    assertThat(payload.action()).isEqualTo(EventAction.UPDATED);
    assertThat(payload.data()).isEqualTo(json("{\"displayName\":\"Anne\"}"));
    assertThat(payload.changes()).isEqualTo(json("{\"displayName\":\"Ann\"}"));
  }
}
