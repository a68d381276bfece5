package dev.herald.storage.deliveries;

import dev.herald.storage.events.EventRows;
import dev.herald.storage.events.EventSignals;
import dev.herald.storage.ids.Ids;
import dev.herald.storage.secrets.SecretBox;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Deliveries and attempts: created by the fan-out, claimed and updated by the dispatchers. */
@Repository
public class DeliveryRepository {

  private static final String COLUMNS =
      "project_id, id, webhook_id, event_id, event_type, event_seq, status, attempts,"
          + " next_attempt_at, last_status, last_error, created_at, updated_at";

  private final DatabaseClient db;
  private final JsonMapper json;
  private final SecretBox box;
  private final EventSignals signals;

  public DeliveryRepository(
      DatabaseClient db, JsonMapper json, EventSignals signals, SecretBox box) {
    this.db = db;
    this.json = json;
    this.signals = signals;
    this.box = box;
  }

  /**
   * Creates pending deliveries, due now, within the caller's transaction; a pair that already has a
   * delivery is skipped. Emits how many were created.
   */
  public Mono<Long> createAll(List<NewDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return Mono.just(0L);
    }
    return BatchStatements.insert(db, deliveries, List.of(), Duration.ZERO, "")
        .fetch()
        .rowsUpdated()
        .flatMap(
            created ->
                created > 0 ? signals.deliveriesCreated().thenReturn(created) : Mono.just(created));
  }

  /**
   * Creates deliveries, due now, within the caller's transaction, as {@link #createAll(List)} does:
   * {@code pending} for any dispatcher to claim, and {@code claimed} already leased to the caller,
   * which sends them once the transaction commits (so they need no claim of their own: one row
   * write less each). Emits the claimed ones that were created, as {@link #claimDue} would.
   */
  public Flux<ClaimedDelivery> createAll(
      List<NewDelivery> pending, List<NewDelivery> claimed, Duration lease) {
    if (claimed.isEmpty()) {
      return createAll(pending).thenMany(Flux.empty());
    }
    // only the pending ones need the dispatchers woken
    Mono<Void> wake = pending.isEmpty() ? Mono.empty() : signals.deliveriesCreated();
    return BatchStatements.insert(
            db,
            pending,
            claimed,
            lease,
            " RETURNING *), claimed AS (SELECT * FROM created"
                + " WHERE lease_until IS NOT NULL)"
                + CLAIMED_SELECT)
        .map(this::toClaimed)
        .all()
        .concatWith(wake.then(Mono.empty()));
  }

  /**
   * Leases up to {@code limit} due deliveries, each webhook's oldest due first, skipping those
   * another dispatcher holds; a lease that runs out (its dispatcher died) makes the delivery due
   * again. At most {@code room.get(webhookId)} go to a webhook named in {@code room} (none when
   * that is 0: this dispatcher has no room for it), and at most {@code perWebhook} to any other, so
   * one endpoint's backlog cannot crowd out the others and nothing is claimed only to be handed
   * back. A disabled webhook's deliveries wait, unattempted, until it is enabled again.
   */
  public Flux<ClaimedDelivery> claimDue(
      int limit, int perWebhook, Map<String, Integer> room, Duration lease) {
    String[] roomIds = room.keySet().toArray(String[]::new);
    Integer[] rooms = new Integer[roomIds.length];
    for (int i = 0; i < roomIds.length; i++) {
      rooms[i] = room.get(roomIds[i]);
    }
    return db.sql(
            "WITH room AS ("
                + " SELECT * FROM unnest(CAST(:roomIds AS text[]), CAST(:rooms AS integer[]))"
                + " AS x(webhook_id, room)),"
                // each webhook's oldest due deliveries, as many as it has room for
                + " due AS ("
                + " SELECT d.project_id, d.id, d.next_attempt_at FROM webhooks w"
                + " LEFT JOIN room r ON r.webhook_id = w.id"
                + " CROSS JOIN LATERAL ("
                + " SELECT d.project_id, d.id, d.next_attempt_at FROM deliveries d"
                + " WHERE d.project_id = w.project_id AND d.webhook_id = w.id"
                + " AND d.status IN "
                + DeliveryStatus.OPEN_SQL
                + " AND d.next_attempt_at <= now()"
                + " AND (d.lease_until IS NULL OR d.lease_until < now())"
                // never more than one second's worth of a rate-limited endpoint at once
                + " ORDER BY d.next_attempt_at"
                + " LIMIT least(coalesce(r.room, :perWebhook), coalesce(w.rate_limit, :perWebhook))"
                + " FOR UPDATE OF d SKIP LOCKED) d"
                + " WHERE w.enabled AND coalesce(r.room, :perWebhook) > 0"
                + " ORDER BY d.next_attempt_at LIMIT :limit),"
                + " claimed AS ("
                + " UPDATE deliveries d SET lease_until = now() + make_interval(secs => :lease)"
                + " FROM due WHERE d.project_id = due.project_id AND d.id = due.id"
                + " RETURNING d.*)"
                + CLAIMED_SELECT)
        .bind("limit", limit)
        .bind("perWebhook", perWebhook)
        .bind("roomIds", roomIds)
        .bind("rooms", rooms)
        .bind("lease", (double) lease.toMillis() / 1000)
        .map(this::toClaimed)
        .all();
  }

  /**
   * What a dispatcher needs to send the deliveries of a CTE named {@code claimed}: each with its
   * webhook's address, secrets and headers, and its event.
   */
  private static final String CLAIMED_SELECT =
      " SELECT c.project_id, c.id, c.webhook_id, c.event_id, c.event_type, c.event_seq,"
          + " c.status, c.attempts, c.next_attempt_at, c.last_status, c.last_error,"
          + " c.created_at, c.updated_at, w.url, w.secret, w.headers::text AS headers,"
          + " CASE WHEN w.previous_secret_expires_at > now() THEN w.previous_secret END"
          + " AS previous_secret, w.failing_since IS NOT NULL AS failing, w.rate_limit, "
          + EventRows.columns("e", "e_")
          + " FROM claimed c JOIN webhooks w"
          + " ON w.project_id = c.project_id AND w.id = c.webhook_id"
          + " JOIN events e ON e.project_id = c.project_id AND e.id = c.event_id";

  private ClaimedDelivery toClaimed(Readable row) {
    return new ClaimedDelivery(
        toDelivery(row),
        EventRows.read(row, "e_", json),
        row.get("url", String.class),
        box.openOrNull(row.get("secret", String.class)),
        box.openOrNull(row.get("previous_secret", String.class)),
        json.readTree(row.get("headers", String.class)),
        Boolean.TRUE.equals(row.get("failing", Boolean.class)),
        row.get("rate_limit", Integer.class));
  }

  /**
   * Records many attempts at once, within the caller's transaction: the attempts, and each
   * delivery's new state (its lease released). Two statements however many there are.
   */
  public Mono<Void> recordAttempts(List<AttemptOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return Mono.empty();
    }
    return BatchStatements.recordAttempts(db, json, outcomes).then();
  }

  /**
   * Hands claimed deliveries back unattempted, due again at {@code until} (their endpoint is paused
   * or busy): no attempt is counted and the status stays as it was.
   */
  public Mono<Void> defer(List<Delivery> deferred, Instant until) {
    if (deferred.isEmpty()) {
      return Mono.empty();
    }
    return db.sql(
            "UPDATE deliveries d SET next_attempt_at = :until, lease_until = NULL"
                + " FROM unnest(CAST(:projects AS text[]), CAST(:ids AS text[])) AS x(p, i)"
                + " WHERE d.project_id = x.p AND d.id = x.i")
        .bind("until", until.atOffset(ZoneOffset.UTC))
        .bind("projects", deferred.stream().map(Delivery::projectId).toArray(String[]::new))
        .bind("ids", deferred.stream().map(Delivery::id).toArray(String[]::new))
        .then();
  }

  /** The ids of the webhook's failed deliveries created since {@code since}, oldest first. */
  public Flux<String> failedSince(String projectId, String webhookId, Instant since) {
    return db.sql(
            "SELECT id FROM deliveries WHERE project_id = :projectId AND webhook_id = :webhookId"
                + " AND status = "
                + DeliveryStatus.FAILED.sql()
                + " AND created_at >= :since ORDER BY created_at, id")
        .bind("projectId", projectId)
        .bind("webhookId", webhookId)
        .bind("since", since.atOffset(ZoneOffset.UTC))
        .map(row -> row.get("id", String.class))
        .all();
  }

  /**
   * Makes a delivery due now as {@code pending}, whatever its state, and wakes the dispatchers when
   * the caller's transaction commits; empty if there is no such delivery.
   */
  public Mono<Delivery> reopen(String projectId, String id) {
    return db.sql(
            "UPDATE deliveries SET status = "
                + DeliveryStatus.PENDING.sql()
                + ", next_attempt_at = now(), lease_until = NULL,"
                + " updated_at = now() WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .map(this::toDelivery)
        .one()
        .flatMap(delivery -> signals.deliveriesCreated().thenReturn(delivery));
  }

  public Mono<Delivery> find(String projectId, String id) {
    return db.sql(
            "SELECT " + COLUMNS + " FROM deliveries WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(this::toDelivery)
        .one();
  }

  /** Locks a delivery for an update in the caller's transaction. */
  public Mono<Delivery> findForUpdate(String projectId, String id) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM deliveries WHERE project_id = :projectId AND id = :id FOR UPDATE")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(this::toDelivery)
        .one();
  }

  /** The attempts of a delivery, first first. */
  public Flux<Attempt> attempts(String projectId, String deliveryId) {
    return db.sql(
            "SELECT id, delivery_id, attempt, started_at, duration_ms, response_status,"
                + " response_headers::text AS response_headers, response_body, error"
                + " FROM delivery_attempts WHERE project_id = :projectId AND delivery_id = :deliveryId"
                + " ORDER BY attempt, started_at")
        .bind("projectId", projectId)
        .bind("deliveryId", deliveryId)
        .map(
            row -> {
              String headers = row.get("response_headers", String.class);
              return new Attempt(
                  row.get("id", String.class),
                  row.get("delivery_id", String.class),
                  row.get("attempt", Integer.class),
                  row.get("started_at", OffsetDateTime.class).toInstant(),
                  row.get("duration_ms", Integer.class),
                  row.get("response_status", Integer.class),
                  headers == null ? null : json.readTree(headers),
                  row.get("response_body", String.class),
                  row.get("error", String.class));
            })
        .all();
  }

  /** A page of the project's deliveries, newest first. */
  public Flux<Delivery> list(String projectId, DeliveryQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM deliveries WHERE project_id = :projectId");
    Map<String, Object> values = new HashMap<>();
    values.put("projectId", projectId);
    values.put("limit", query.limit());
    if (query.webhookId() != null) {
      sql.append(" AND webhook_id = :webhookId");
      values.put("webhookId", query.webhookId());
    }
    if (query.status() != null) {
      sql.append(" AND status = :status");
      values.put("status", query.status().wireName());
    }
    if (query.eventType() != null) {
      sql.append(" AND event_type = :eventType");
      values.put("eventType", query.eventType());
    }
    if (query.since() != null) {
      sql.append(" AND created_at >= :since");
      values.put("since", query.since().atOffset(ZoneOffset.UTC));
    }
    if (query.before() != null) {
      sql.append(
          " AND (created_at, id) < (SELECT created_at, id FROM deliveries"
              + " WHERE project_id = :projectId AND id = :before)");
      values.put("before", query.before());
    }
    sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit");
    return db.sql(sql.toString()).bindValues(values).map(this::toDelivery).all();
  }

  private Delivery toDelivery(Readable row) {
    OffsetDateTime next = row.get("next_attempt_at", OffsetDateTime.class);
    return new Delivery(
        row.get("project_id", String.class),
        row.get("id", String.class),
        row.get("webhook_id", String.class),
        row.get("event_id", String.class),
        row.get("event_type", String.class),
        row.get("event_seq", Long.class),
        DeliveryStatus.fromWireName(row.get("status", String.class)),
        row.get("attempts", Integer.class),
        next == null ? null : next.toInstant(),
        row.get("last_status", Integer.class),
        row.get("last_error", String.class),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("updated_at", OffsetDateTime.class).toInstant());
  }

  /** A new attempt id. */
  public static String newAttemptId() {
    return Ids.newId("atm");
  }
}
