package dev.herald.storage.projects;

/** The project a resource belongs to, with its tenant: every query is scoped by one. */
public record ProjectRef(String tenantId, String projectId) {}
