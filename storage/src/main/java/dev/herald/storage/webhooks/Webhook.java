package dev.herald.storage.webhooks;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A webhook subscription as stored: where to POST which event types, signed with which secret.
 * {@code startsAtTxid} is where in the log it begins: events of older transactions do not reach it.
 * {@code secret} is {@code null} when the stored one does not open (see {@code SecretBox}). {@code
 * previousSecret} still signs (beside {@code secret}) during a rotation's grace period; {@code
 * failingSince} is when its current run of failures began, {@code disabledReason} why Herald
 * disabled it. {@code rateLimit} is the most deliveries per second its endpoint receives ({@code
 * null}: no limit).
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
    long startsAtTxid,
    String previousSecret,
    Instant failingSince,
    String disabledReason,
    Integer rateLimit) {

  public Webhook {
    eventTypes = List.copyOf(eventTypes);
  }

  /** A webhook to create: the rest is the database's to fill in. */
  public static Webhook create(
      String projectId,
      String id,
      String url,
      String description,
      List<String> eventTypes,
      boolean enabled,
      JsonNode headers,
      JsonNode metadata,
      String secret,
      Integer rateLimit) {
    return new Webhook(
        projectId,
        id,
        url,
        description,
        eventTypes,
        enabled,
        headers,
        metadata,
        secret,
        null,
        null,
        0,
        null,
        null,
        null,
        rateLimit);
  }
}
