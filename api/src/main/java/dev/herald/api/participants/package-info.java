/**
 * {@code /v1/participants}: the people a project knows, under ids it chooses, each change written
 * with its {@code participant.*} event in one transaction.
 */
package dev.herald.api.participants;
