package dev.herald.web;

import dev.herald.storage.database.DatabaseOutage;
import java.time.Duration;

/**
 * A request that failed because the database is away answers {@code 503} with {@code Retry-After}
 * (not a 500 with a stack trace in the log): the caller may retry, and the outage is logged once by
 * {@link DatabaseOutage}, not once per request.
 */
final class DatabaseUnavailable {

  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final DatabaseOutage outage;

  DatabaseUnavailable(DatabaseOutage outage) {
    this.outage = outage;
  }

  /** The 503 for {@code error} when it says the database is away, else {@code null}. */
  ApiException toProblem(Throwable error) {
    return DatabaseOutage.classify(error)
        .map(
            unavailable -> {
              outage.refused(unavailable);
              return ApiException.serviceUnavailable(
                  "database_unavailable",
                  unavailable.timedOut()
                      ? "Timed out waiting for the database; retry shortly"
                      : "The database is unavailable; retry shortly",
                  RETRY_AFTER);
            })
        .orElse(null);
  }
}
