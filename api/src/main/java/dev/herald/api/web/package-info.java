/**
 * What every endpoint shares: API key authentication, the caller's project, problem+json errors,
 * validation, paging and the body size limit.
 */
package dev.herald.api.web;
