package dev.herald.storage.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DomainEventJsonUnitTests {

  private final JsonMapper json = JsonMapper.shared();

  @Test
  void envelope_serializesAsTheSeedsDomainEvent() {
    DomainEvent event =
        new DomainEvent(
            "evt_1",
            "gathering.updated",
            "herald:gatherings",
            "ten_1",
            "prj_1",
            "gathering:6a1f",
            Instant.parse("2026-06-04T10:00:00Z"),
            EventPayload.updated(
                json.readTree("{\"name\":\"a\"}"), json.readTree("{\"name\":\"b\"}")));

    String text = json.writeValueAsString(event);

    assertThat(text)
        .isEqualTo(
            "{\"id\":\"evt_1\",\"type\":\"gathering.updated\",\"source\":\"herald:gatherings\","
                + "\"tenantId\":\"ten_1\",\"projectId\":\"prj_1\",\"resourceId\":\"gathering:6a1f\","
                + "\"timestamp\":\"2026-06-04T10:00:00.000Z\",\"payload\":{\"action\":\"updated\","
                + "\"data\":{\"name\":\"b\"},\"changes\":{\"name\":\"a\"}}}");
  }

  @Test
  void envelope_readsBackEqual() {
    DomainEvent event =
        new DomainEvent(
            "evt_2",
            "participant.joined",
            "herald:gatherings",
            "ten_1",
            "prj_1",
            "gathering:g1",
            Instant.parse("2026-06-04T10:00:00.123Z"),
            EventPayload.occurred(json.readTree("{\"participantId\":\"p1\"}")));

    JsonNode tree = json.readTree(json.writeValueAsString(event));
    DomainEvent back = json.treeToValue(tree, DomainEvent.class);

    assertThat(back).isEqualTo(event);
    assertThat(tree.get("payload").has("changes")).isFalse();
  }
}
