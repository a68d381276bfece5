package dev.herald.gatherings;

/** Answers an invitation by the token of its email link. */
record TokenIn(String token) {}
