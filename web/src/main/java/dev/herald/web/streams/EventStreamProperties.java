package dev.herald.web.streams;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the long-lived streams: the SSE event stream and the gathering watch streams ({@code
 * herald.events.stream.*}).
 *
 * @param heartbeat how often an idle stream sends a comment line, so proxies keep it open (the
 *     event stream sends its first as it opens)
 * @param tokenTtl how long a stream token ({@code POST /v1/events/stream-tokens}) is valid
 * @param maxPerKey open streams one API key (with the stream tokens it minted) may hold on one
 *     instance; 429 beyond
 * @param maxPerProject open streams one project may hold on one instance; 429 beyond
 * @param buffer events a stream may fall behind the live feed before it is ended (the client
 *     reconnects with {@code Last-Event-ID})
 * @param revocationCheck how often each instance checks the keys of its open streams, closing those
 *     of revoked keys
 */
@ConfigurationProperties("herald.events.stream")
public record EventStreamProperties(
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("5m") Duration tokenTtl,
    @DefaultValue("100") int maxPerKey,
    @DefaultValue("500") int maxPerProject,
    @DefaultValue("1000") int buffer,
    @DefaultValue("3s") Duration revocationCheck) {

  public EventStreamProperties {
    if (maxPerKey < 1 || maxPerProject < 1 || buffer < 1) {
      throw new IllegalArgumentException(
          "herald.events.stream.max-per-key, max-per-project and buffer must be at least 1");
    }
    for (Duration period : new Duration[] {heartbeat, tokenTtl, revocationCheck}) {
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException(
            "herald.events.stream.heartbeat, token-ttl and revocation-check must be positive");
      }
    }
  }
}
