/**
 * {@code /v1/participants}: the people a project knows, under ids it chooses (e.g. {@code p1}),
 * with a display name, an email address (used to invite them) and free-form user data, each change
 * written with its {@code participant.*} event in one transaction; and their table's repository.
 */
package dev.herald.gatherings.participants;
