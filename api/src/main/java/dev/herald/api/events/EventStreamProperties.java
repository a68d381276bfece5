package dev.herald.api.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the SSE event stream ({@code herald.events.stream.*}).
 *
 * @param heartbeat how often an idle stream sends a comment line, so proxies keep it open
 * @param tokenTtl how long a stream token ({@code POST /v1/events/stream-tokens}) is valid
 */
@ConfigurationProperties("herald.events.stream")
public record EventStreamProperties(
    @DefaultValue("15s") Duration heartbeat, @DefaultValue("5m") Duration tokenTtl) {}
