package dev.herald.storage.projects;

/** A newly issued API key: its id and the secret, which is never stored nor shown again. */
public record IssuedKey(String id, String projectId, String secret) {}
