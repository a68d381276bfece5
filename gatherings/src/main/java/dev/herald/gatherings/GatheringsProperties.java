package dev.herald.gatherings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of gatherings ({@code herald.gatherings.*}).
 *
 * @param joinCodeFailures how many failed join-code look-ups a project may make per window before
 *     further look-ups get 429
 * @param joinCodeWindow the window of {@code joinCodeFailures}
 * @param replanInterval how often the Quartz triggers of auto-start appointments are checked
 *     against the gatherings (and repaired), besides at start
 */
@ConfigurationProperties("herald.gatherings")
public record GatheringsProperties(
    @DefaultValue("10") int joinCodeFailures,
    @DefaultValue("1m") Duration joinCodeWindow,
    @DefaultValue("10m") Duration replanInterval) {}
