package dev.herald.gatherings;

/** The gathering joined by code and the joining member. */
record JoinOut(GatheringOut gathering, MemberOut member) {}
