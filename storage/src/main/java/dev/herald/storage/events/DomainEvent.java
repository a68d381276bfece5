package dev.herald.storage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;

/**
 * The one envelope every event travels in, over webhooks and SSE alike: field for field the {@code
 * DomainEvent} of the product's event documentation.
 */
public record DomainEvent(
    String id,
    String type,
    String source,
    String tenantId,
    String projectId,
    String resourceId,
    @JsonFormat(
            shape = JsonFormat.Shape.STRING,
            pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'",
            timezone = "UTC")
        Instant timestamp,
    EventPayload payload) {}
