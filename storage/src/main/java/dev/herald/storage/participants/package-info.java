/**
 * Participants: the people a project knows, under ids the project chooses ({@code p1}), with a
 * display name, an email address (used to invite them) and free-form user data.
 */
package dev.herald.storage.participants;
