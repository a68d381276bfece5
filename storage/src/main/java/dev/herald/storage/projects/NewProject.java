package dev.herald.storage.projects;

/** A created project with its first API key, whose secret is shown this once. */
public record NewProject(ProjectRef project, String projectName, IssuedKey key) {}
