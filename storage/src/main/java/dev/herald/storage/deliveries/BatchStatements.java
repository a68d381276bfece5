package dev.herald.storage.deliveries;

import dev.herald.storage.ids.Ids;
import java.time.Duration;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deliveries' batched writes, each one statement over arrays ({@code unnest}) however many rows
 * it writes: the fan-out's insert and the dispatchers' recording of attempts.
 */
final class BatchStatements {

  private BatchStatements() {}

  /**
   * The insert of {@link DeliveryRepository#createAll}: {@code claimed} leased for {@code lease},
   * then {@code tail} (empty, or the rest of a statement that begins {@code WITH created AS (}).
   */
  static DatabaseClient.GenericExecuteSpec insert(
      DatabaseClient db,
      List<NewDelivery> pending,
      List<NewDelivery> claimed,
      Duration lease,
      String tail) {
    int n = pending.size() + claimed.size();
    String[] projects = new String[n];
    String[] ids = new String[n];
    String[] webhooks = new String[n];
    String[] events = new String[n];
    String[] types = new String[n];
    Long[] sequences = new Long[n];
    Boolean[] leased = new Boolean[n];
    for (int i = 0; i < n; i++) {
      boolean claiming = i >= pending.size();
      NewDelivery d = claiming ? claimed.get(i - pending.size()) : pending.get(i);
      projects[i] = d.projectId();
      ids[i] = Ids.newId("dlv");
      webhooks[i] = d.webhookId();
      events[i] = d.eventId();
      types[i] = d.eventType();
      sequences[i] = d.eventSequence();
      leased[i] = claiming;
    }
    String insert =
        "INSERT INTO deliveries (project_id, id, webhook_id, event_id, event_type, event_seq,"
            + " status, next_attempt_at, lease_until)"
            + " SELECT p, i, w, e, t, s, "
            + DeliveryStatus.PENDING.sql()
            + ", now(), CASE WHEN l THEN now() + make_interval(secs => :lease) END"
            + " FROM unnest(CAST(:projects AS text[]), CAST(:ids AS text[]),"
            + " CAST(:webhooks AS text[]), CAST(:events AS text[]), CAST(:types AS text[]),"
            + " CAST(:sequences AS bigint[]), CAST(:leased AS boolean[]))"
            + " AS x(p, i, w, e, t, s, l)"
            + " ON CONFLICT (project_id, webhook_id, event_id) DO NOTHING";
    return db.sql(tail.isEmpty() ? insert : "WITH created AS (" + insert + tail)
        .bind("projects", projects)
        .bind("ids", ids)
        .bind("webhooks", webhooks)
        .bind("events", events)
        .bind("types", types)
        .bind("sequences", sequences)
        .bind("leased", leased)
        .bind("lease", (double) lease.toMillis() / 1000);
  }

  /**
   * Many attempts in one statement (a data-modifying CTE): the attempts, and each delivery's new
   * state (its lease released). The recording transaction holds its transaction id, which keeps
   * every later event invisible to the fan-out, so every round trip saved in it counts.
   */
  static DatabaseClient.GenericExecuteSpec recordAttempts(
      DatabaseClient db, JsonMapper json, List<AttemptOutcome> outcomes) {
    int n = outcomes.size();
    String[] projects = new String[n];
    String[] ids = new String[n];
    String[] deliveryIds = new String[n];
    Integer[] numbers = new Integer[n];
    String[] started = new String[n];
    Integer[] durations = new Integer[n];
    String[] responseStatuses = new String[n];
    String[] responseHeaders = new String[n];
    String[] responseBodies = new String[n];
    String[] errors = new String[n];
    String[] statuses = new String[n];
    String[] next = new String[n];
    for (int k = 0; k < n; k++) {
      AttemptOutcome outcome = outcomes.get(k);
      Attempt attempt = outcome.attempt();
      projects[k] = outcome.before().projectId();
      ids[k] = attempt.id();
      deliveryIds[k] = outcome.before().id();
      numbers[k] = attempt.attempt();
      started[k] = attempt.startedAt().toString();
      durations[k] = attempt.durationMs();
      responseStatuses[k] =
          attempt.responseStatus() == null ? null : attempt.responseStatus().toString();
      responseHeaders[k] =
          attempt.responseHeaders() == null
              ? null
              : json.writeValueAsString(attempt.responseHeaders());
      responseBodies[k] = attempt.responseBody();
      errors[k] = attempt.error();
      statuses[k] = outcome.status().wireName();
      next[k] = outcome.nextAttemptAt() == null ? null : outcome.nextAttemptAt().toString();
    }
    return db.sql(
            "WITH x AS (SELECT * FROM unnest(CAST(:projects AS text[]), CAST(:ids AS text[]),"
                + " CAST(:deliveries AS text[]), CAST(:numbers AS integer[]),"
                + " CAST(:started AS text[]), CAST(:durations AS integer[]),"
                + " CAST(:responseStatuses AS text[]), CAST(:responseHeaders AS text[]),"
                + " CAST(:responseBodies AS text[]), CAST(:errors AS text[]),"
                + " CAST(:statuses AS text[]), CAST(:next AS text[]))"
                + " AS x(p, i, d, n, s, ms, rs, rh, rb, e, st, nx)),"
                + " attempts AS (INSERT INTO delivery_attempts (project_id, id, delivery_id, attempt,"
                + " started_at, duration_ms, response_status, response_headers, response_body,"
                + " error) SELECT p, i, d, n, CAST(s AS timestamptz), ms, CAST(rs AS integer),"
                + " CAST(rh AS json), rb, e FROM x)"
                + " UPDATE deliveries dl SET status = x.st, attempts = x.n,"
                + " next_attempt_at = CAST(x.nx AS timestamptz), lease_until = NULL,"
                + " last_status = CAST(x.rs AS integer), last_error = x.e, updated_at = now()"
                + " FROM x WHERE dl.project_id = x.p AND dl.id = x.d")
        .bind("projects", projects)
        .bind("ids", ids)
        .bind("deliveries", deliveryIds)
        .bind("numbers", numbers)
        .bind("started", started)
        .bind("durations", durations)
        .bind("responseStatuses", responseStatuses)
        .bind("responseHeaders", responseHeaders)
        .bind("responseBodies", responseBodies)
        .bind("errors", errors)
        .bind("statuses", statuses)
        .bind("next", next);
  }
}
