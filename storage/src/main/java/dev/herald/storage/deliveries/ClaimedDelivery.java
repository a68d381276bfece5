package dev.herald.storage.deliveries;

import dev.herald.storage.events.StoredEvent;
import tools.jackson.databind.JsonNode;

/**
 * A due delivery leased to this dispatcher, with its event and where and how to send it: the
 * webhook's URL, its secret ({@code null} when it does not open) (and the previous one while a
 * rotation's grace period lasts), its custom headers, whether it has been failing, and its rate
 * limit (deliveries per second, {@code null}: none).
 */
public record ClaimedDelivery(
    Delivery delivery,
    StoredEvent event,
    String url,
    String secret,
    String previousSecret,
    JsonNode headers,
    boolean failing,
    Integer rateLimit) {}
