package dev.herald.storage.database;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Herald waits for its database ({@code herald.database.*}); every wait is bounded, so a
 * frozen or stopped PostgreSQL gives a prompt, clear failure instead of a hang.
 *
 * @param connectTimeout to open a connection (TCP and the PostgreSQL handshake)
 * @param acquireTimeout to get a connection from the pool (and from the Quartz pool)
 * @param statementTimeout for one statement: PostgreSQL cancels it then ({@code
 *     statement_timeout}), and the client gives up a little later, since a frozen server cancels
 *     nothing
 * @param healthTimeout for the readiness check's query, after which it reports DOWN
 */
@ConfigurationProperties("herald.database")
public record DatabaseProperties(
    @DefaultValue("5s") Duration connectTimeout,
    @DefaultValue("5s") Duration acquireTimeout,
    @DefaultValue("15s") Duration statementTimeout,
    @DefaultValue("2s") Duration healthTimeout) {

  public DatabaseProperties {
    // zero would mean "no limit" to PostgreSQL and to Hikari: every wait must stay bounded
    atLeast("connect-timeout", connectTimeout, Duration.ofMillis(250));
    atLeast("acquire-timeout", acquireTimeout, Duration.ofMillis(250));
    atLeast("statement-timeout", statementTimeout, Duration.ofSeconds(1));
    atLeast("health-timeout", healthTimeout, Duration.ofMillis(100));
  }

  private static void atLeast(String name, Duration value, Duration minimum) {
    if (value == null || value.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "herald.database." + name + " must be at least " + minimum + " (was " + value + ")");
    }
  }

  /** The margin the client gives the server to cancel a statement itself and say so. */
  static final Duration CANCEL_MARGIN = Duration.ofSeconds(2);

  /** Whole seconds, rounded up (at least 1): the unit of pgjdbc's timeout parameters. */
  public static String jdbcSeconds(Duration duration) {
    return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
  }

  /** How long a client waits for any answer from the database on a connection it holds. */
  public Duration answerTimeout() {
    return statementTimeout.plus(CANCEL_MARGIN);
  }
}
