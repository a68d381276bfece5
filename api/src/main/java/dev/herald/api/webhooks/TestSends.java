package dev.herald.api.webhooks;

import dev.herald.delivery.catalog.EventCatalog;
import dev.herald.delivery.catalog.EventType;
import dev.herald.delivery.dispatch.WebhookSender;
import dev.herald.delivery.signing.Signer;
import dev.herald.storage.events.DomainEvent;
import dev.herald.storage.events.EventAction;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.ids.Ids;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.webhooks.Webhook;
import dev.herald.web.Violations;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test sends ({@code POST /v1/webhooks/{id}/test}): an example event of a catalog type, signed and
 * sent to the webhook as a delivery would be, and its answer reported; nothing is recorded.
 */
@Component
class TestSends {

  private final EventCatalog catalog;
  private final WebhookSender sender;

  TestSends(EventCatalog catalog, WebhookSender sender) {
    this.catalog = catalog;
    this.sender = sender;
  }

  /** Which example event to send. */
  record TestIn(String eventType) {}

  /** What became of a test send. */
  record TestOut(
      String eventId,
      String eventType,
      boolean succeeded,
      Integer responseStatus,
      String responseBody,
      long durationMs,
      String error) {}

  /** The catalog type to send ({@code message.created} when none is named), or 422. */
  EventType type(TestIn in) {
    String typeName = in == null || in.eventType() == null ? "message.created" : in.eventType();
    return catalog
        .find(typeName)
        .orElseThrow(
            () ->
                Violations.invalid("eventType", "'" + typeName + "' is not in the event catalog"));
  }

  /** Sends an example of {@code type} to {@code webhook}, signed with {@code signingKey}. */
  Mono<TestOut> send(ProjectRef caller, Webhook webhook, String signingKey, EventType type) {
    DomainEvent example = example(caller, type);
    return sender
        .send(
            webhook.url(),
            webhook.headers(),
            Signer.forSecrets(signingKey, webhook.previousSecret()),
            example)
        .map(
            result ->
                new TestOut(
                    example.id(),
                    example.type(),
                    result.succeeded(),
                    result.status(),
                    result.body(),
                    result.duration().toMillis(),
                    result.error()));
  }

  private static DomainEvent example(ProjectRef caller, EventType type) {
    ObjectNode data =
        JsonNodeFactory.instance
            .objectNode()
            .put("example", true)
            .put("description", type.emittedWhen());
    EventPayload payload =
        type.action() == EventAction.UPDATED
            ? new EventPayload(
                EventAction.UPDATED,
                data,
                JsonNodeFactory.instance.objectNode().put("example", false))
            : new EventPayload(type.action(), data, null);
    return new DomainEvent(
        Ids.newId("evt"),
        type.type(),
        "herald:test",
        caller.tenantId(),
        caller.projectId(),
        "test:example",
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        payload);
  }
}
