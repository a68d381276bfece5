package dev.herald.delivery.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.storage.events.EventAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventCatalogUnitTests {

  private final EventCatalog catalog = new EventCatalog();

  @Test
  void holdsEveryTypeOfTheSeed() {
    assertThat(catalog.all()).hasSize(27);
    assertThat(catalog.find("gathering.member.ready"))
        .get()
        .extracting(EventType::action)
        .isEqualTo(EventAction.OCCURRED);
    assertThat(catalog.find("webhook.delivery.updated"))
        .get()
        .extracting(EventType::action)
        .isEqualTo(EventAction.UPDATED);
    assertThat(catalog.find("participant.deleted"))
        .get()
        .extracting(EventType::action)
        .isEqualTo(EventAction.DELETED);
  }

  @Test
  void knowsWhoPublishesWhat() {
    assertThat(catalog.find("message.created"))
        .get()
        .extracting(EventType::publishedBy)
        .isEqualTo(EventType.Publisher.EXTERNAL);
    assertThat(catalog.find("sanction.revoked"))
        .get()
        .extracting(EventType::publishedBy)
        .isEqualTo(EventType.Publisher.EXTERNAL);
    assertThat(catalog.find("gathering.created"))
        .get()
        .extracting(EventType::publishedBy)
        .isEqualTo(EventType.Publisher.HERALD);
  }

  @Test
  void matchesTheSharedCatalog() throws IOException {
    // the design's machine-readable catalog, when the checkout sits beside it
    Path shared = Path.of("..", "..", "shared", "event-catalog.json");
    assumeTrue(Files.exists(shared), "no shared catalog beside this checkout");
    try (var ours = EventCatalog.class.getResourceAsStream(EventCatalog.RESOURCE)) {
      assertThat(JsonMapper.shared().readTree(ours))
          .isEqualTo(JsonMapper.shared().readTree(shared.toFile()));
    }
  }
}
