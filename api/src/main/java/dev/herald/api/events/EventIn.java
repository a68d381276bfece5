package dev.herald.api.events;

import tools.jackson.databind.JsonNode;

/**
 * An event another service publishes ({@code POST /v1/events}).
 *
 * @param type a catalog type published outside Herald, e.g. {@code message.created}
 * @param action optional; when given it must be the catalog's action for the type
 * @param resourceId the affected resource as {@code kind:id}
 * @param source the publishing service, e.g. {@code cortex:bot} (default {@code api})
 * @param data the resource's data, a JSON object
 * @param changes for {@code updated} types: the old values of the fields that differ
 */
record EventIn(
    String type,
    String action,
    String resourceId,
    String source,
    JsonNode data,
    JsonNode changes) {}
