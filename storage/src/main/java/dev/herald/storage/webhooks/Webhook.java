package dev.herald.storage.webhooks;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A webhook subscription as stored: where to POST which event types, signed with which secret.
 * {@code startsAtTxid} is where in the log it begins: events of older transactions do not reach it.
 */
public record Webhook(
    String projectId,
    String id,
    String url,
    String description,
    List<String> eventTypes,
    boolean enabled,
    JsonNode headers,
    JsonNode metadata,
    String secret,
    Instant createdAt,
    Instant updatedAt,
    long startsAtTxid) {

  public Webhook {
    eventTypes = List.copyOf(eventTypes);
  }
}
