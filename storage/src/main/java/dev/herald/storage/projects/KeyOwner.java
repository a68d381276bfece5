package dev.herald.storage.projects;

/**
 * Who a credential speaks for: the API key behind it ({@code null} only for a stream token minted
 * before tokens remembered their key) and the key's project.
 */
public record KeyOwner(String keyId, ProjectRef project) {}
