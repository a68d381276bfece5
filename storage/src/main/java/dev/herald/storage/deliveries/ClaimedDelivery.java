package dev.herald.storage.deliveries;

import tools.jackson.databind.JsonNode;

/** A due delivery leased to this dispatcher, with where and how to send it. */
public record ClaimedDelivery(Delivery delivery, String url, String secret, JsonNode headers) {}
