/**
 * Tenants, projects, and the credentials that name a project: API keys and stream tokens, both
 * stored only as hashes.
 */
package dev.herald.storage.projects;
