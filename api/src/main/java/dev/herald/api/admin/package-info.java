/** The operator's admin API, guarded by {@code HERALD_ADMIN_TOKEN}: projects and API keys. */
package dev.herald.api.admin;
