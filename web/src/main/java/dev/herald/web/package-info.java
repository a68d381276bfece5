/**
 * What every endpoint shares, in the api and gatherings modules alike: the caller's project,
 * problem+json errors, validation at the edge, paging, idempotency keys and the body size limit.
 */
package dev.herald.web;
