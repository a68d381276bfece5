/**
 * The OpenAPI document of Herald's HTTP API, generated from the controllers (springdoc) and served
 * at {@code /openapi.json}; a committed copy ({@code api/openapi.json}) is checked against it by
 * the tests, so the published contract cannot drift from the code unnoticed. Handlers that answer
 * 201 or 202 through a {@code ResponseEntity} also carry {@code @ResponseStatus}, which is how the
 * document learns their status.
 */
package dev.herald.api.openapi;
