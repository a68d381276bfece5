package dev.herald.gatherings.domain;

/**
 * Which gatherings to list: all filters optional; {@code listed} keeps only open gatherings whose
 * visibility is {@code listed} (true) or {@code unlisted} (false).
 */
public record GatheringQuery(
    GatheringType type, GatheringStatus status, Boolean listed, String afterId, int limit) {}
