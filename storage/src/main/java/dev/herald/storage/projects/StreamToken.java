package dev.herald.storage.projects;

import java.time.Instant;

/** A short-lived token for opening an event stream where no header can be sent. */
public record StreamToken(String token, Instant expiresAt) {}
