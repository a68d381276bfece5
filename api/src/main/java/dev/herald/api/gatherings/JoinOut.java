package dev.herald.api.gatherings;

/** The gathering joined by code and the joining member. */
record JoinOut(GatheringOut gathering, MemberOut member) {}
