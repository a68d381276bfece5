/**
 * The OpenAPI document of Herald's HTTP API, generated from the controllers (springdoc) and served
 * at {@code /openapi.json}; a committed copy ({@code api/openapi.json}) is checked against it by
 * the tests, so the published contract cannot drift from the code unnoticed. Handlers declare a
 * status other than 200 with {@code @ResponseStatus}, which is how the document learns it (only
 * {@code POST /v1/events}, which adds a header, also builds a {@code ResponseEntity}).
 */
package dev.herald.api.openapi;
