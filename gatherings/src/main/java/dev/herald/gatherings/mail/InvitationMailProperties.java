package dev.herald.gatherings.mail;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of invitation email ({@code herald.mail.*}); the SMTP server itself is Spring's {@code
 * spring.mail.*}.
 *
 * @param from the sender of invitation emails, e.g. {@code Herald <invitations@example.com>}
 * @param organizer the calendar ORGANIZER's mailbox (where calendar replies go); the {@code from}
 *     address when unset
 * @param publicBaseUrl the address people reach Herald at: the accept and decline links point there
 * @param retrySchedule the delay before each attempt (the first normally none); after the last, an
 *     email that could not be sent is {@code failed}
 * @param jitter the random spread around each delay, as a fraction
 * @param concurrency emails sent at once by this instance (threads of the sending pool)
 * @param lease how long a worker holds a claimed email before another may take it; longer than the
 *     SMTP timeouts
 * @param pollInterval how often the worker looks for due emails besides being woken
 * @param workers whether this instance sends emails (off for an API-only instance)
 * @param breakerFailureRate the percentage of failed SMTP connections in the window that pauses
 *     sending
 * @param breakerWindow how many recent sends the failure rate is measured over
 * @param breakerPause how long sending pauses before trying the server again
 */
@ConfigurationProperties("herald.mail")
public record InvitationMailProperties(
    @DefaultValue("Herald <herald@localhost>") String from,
    String organizer,
    @DefaultValue("http://localhost:8080") URI publicBaseUrl,
    @DefaultValue({"0s", "1m", "5m", "30m", "2h", "6h"}) List<Duration> retrySchedule,
    @DefaultValue("0.2") double jitter,
    @DefaultValue("4") int concurrency,
    @DefaultValue("2m") Duration lease,
    @DefaultValue("5s") Duration pollInterval,
    @DefaultValue("true") boolean workers,
    @DefaultValue("50") int breakerFailureRate,
    @DefaultValue("10") int breakerWindow,
    @DefaultValue("30s") Duration breakerPause) {

  public InvitationMailProperties {
    retrySchedule = List.copyOf(retrySchedule);
    if (retrySchedule.isEmpty()) {
      throw new IllegalArgumentException("herald.mail.retry-schedule needs at least one entry");
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("herald.mail.jitter must be in [0, 1)");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("herald.mail.concurrency must be at least 1");
    }
  }

  /** The ORGANIZER mailbox: {@code organizer}, or {@code from} when unset. */
  public String organizerOrFrom() {
    return organizer == null || organizer.isBlank() ? from : organizer;
  }
}
