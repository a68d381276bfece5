package dev.herald.storage.webhooks;

import dev.herald.storage.secrets.SecretBox;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhook subscriptions, always scoped to their project. */
@Repository
public class WebhookRepository {

  private static final String COLUMNS =
      "project_id, id, url, description, event_types, enabled, headers::text AS headers,"
          + " metadata::text AS metadata, secret, created_at, updated_at,"
          + " starts_at_txid::text AS starts_at_txid,"
          + " CASE WHEN previous_secret_expires_at > now() THEN previous_secret END AS previous_secret,"
          + " failing_since, disabled_reason, rate_limit";

  private static final String FAILED_TOO_LONG =
      "(coalesce(failing_since, now()) <= now() - make_interval(secs => :after))";

  private final DatabaseClient db;
  private final JsonMapper json;
  private final SecretBox box;

  public WebhookRepository(DatabaseClient db, JsonMapper json, SecretBox box) {
    this.db = db;
    this.json = json;
    this.box = box;
  }

  /** Stores a new webhook; it receives the events committed from now on. */
  public Mono<Webhook> create(Webhook webhook) {
    return db.sql(
            "INSERT INTO webhooks (project_id, id, url, description, event_types, enabled, headers,"
                + " metadata, secret, rate_limit) VALUES (:projectId, :id, :url, :description,"
                + " :eventTypes, :enabled, CAST(:headers AS json), CAST(:metadata AS json), :secret,"
                + " :rateLimit)"
                + " RETURNING "
                + COLUMNS)
        .bind("projectId", webhook.projectId())
        .bind("id", webhook.id())
        .bind("url", webhook.url())
        .bind("description", webhook.description())
        .bind("eventTypes", webhook.eventTypes().toArray(String[]::new))
        .bind("enabled", webhook.enabled())
        .bind("headers", json.writeValueAsString(webhook.headers()))
        .bind("metadata", json.writeValueAsString(webhook.metadata()))
        .bind("secret", box.seal(webhook.secret()))
        .bindValues(nullable("rateLimit", webhook.rateLimit(), Integer.class))
        .map(this::toWebhook)
        .one();
  }

  public Mono<Webhook> find(String projectId, String id) {
    return db.sql("SELECT " + COLUMNS + " FROM webhooks WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(this::toWebhook)
        .one();
  }

  /** A page of the project's webhooks, oldest first, after the webhook {@code afterId}. */
  public Flux<Webhook> list(String projectId, String afterId, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM webhooks WHERE project_id = :projectId"
                + (afterId == null ? "" : " AND id > :after")
                + " ORDER BY id LIMIT :limit")
        .bind("projectId", projectId)
        .bind("limit", limit)
        .bindValues(afterId == null ? java.util.Map.of() : java.util.Map.of("after", afterId))
        .map(this::toWebhook)
        .all();
  }

  /** The enabled webhooks of these projects, for the fan-out. */
  public Flux<Webhook> findEnabledIn(Collection<String> projectIds) {
    return db.sql(
            "SELECT " + COLUMNS + " FROM webhooks WHERE enabled AND project_id = ANY(:projects)")
        .bind("projects", projectIds.toArray(String[]::new))
        .map(this::toWebhook)
        .all();
  }

  /** Applies the non-null fields of {@code changes}; empty if there is no such webhook. */
  public Mono<Webhook> update(String projectId, String id, WebhookChanges changes) {
    return db.sql(
            "UPDATE webhooks SET"
                + " url = coalesce(:url, url),"
                + " description = coalesce(:description, description),"
                + " event_types = coalesce(:eventTypes, event_types),"
                + " enabled = coalesce(:enabled, enabled),"
                + " disabled_reason = CASE WHEN :enabled THEN NULL ELSE disabled_reason END,"
                + " failing_since = CASE WHEN :enabled THEN NULL ELSE failing_since END,"
                + " headers = coalesce(CAST(:headers AS json), headers),"
                + " metadata = coalesce(CAST(:metadata AS json), metadata),"
                + " rate_limit = nullif(coalesce(:rateLimit, rate_limit), 0),"
                + " updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bindValues(nullable("url", changes.url(), String.class))
        .bindValues(nullable("description", changes.description(), String.class))
        .bindValues(
            nullable(
                "eventTypes",
                changes.eventTypes() == null ? null : changes.eventTypes().toArray(String[]::new),
                String[].class))
        .bindValues(nullable("enabled", changes.enabled(), Boolean.class))
        .bindValues(nullable("headers", toJson(changes.headers()), String.class))
        .bindValues(nullable("metadata", toJson(changes.metadata()), String.class))
        .bindValues(nullable("rateLimit", changes.rateLimit(), Integer.class))
        .map(this::toWebhook)
        .one();
  }

  /**
   * Replaces the signing secret; the old one keeps signing beside it for {@code grace}. Empty if
   * there is no such webhook.
   */
  public Mono<Webhook> rotateSecret(
      String projectId, String id, String secret, java.time.Duration grace) {
    return db.sql(
            "UPDATE webhooks SET previous_secret = secret,"
                + " previous_secret_expires_at = now() + make_interval(secs => :grace),"
                + " secret = :secret, updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("secret", box.seal(secret))
        .bind("grace", (double) grace.toSeconds())
        .map(this::toWebhook)
        .one();
  }

  /**
   * Notes a failed attempt: the endpoint has been failing since its first failure after its last
   * success. Once that is longer ago than {@code disableAfter}, the webhook is disabled with {@code
   * reason}. Emits whether this call disabled it.
   */
  public Mono<Boolean> recordFailure(
      String projectId, String id, java.time.Duration disableAfter, String reason) {
    return db.sql(
            "WITH before AS (SELECT enabled AS was_enabled FROM webhooks"
                + " WHERE project_id = :projectId AND id = :id FOR UPDATE)"
                + " UPDATE webhooks SET failing_since = coalesce(failing_since, now()),"
                + " enabled = enabled AND NOT "
                + FAILED_TOO_LONG
                + ","
                + " disabled_reason = CASE WHEN enabled AND "
                + FAILED_TOO_LONG
                + " THEN :reason ELSE disabled_reason END"
                + " FROM before WHERE project_id = :projectId AND id = :id"
                + " RETURNING before.was_enabled AND NOT webhooks.enabled AS disabled")
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("after", (double) disableAfter.toSeconds())
        .bind("reason", reason)
        .map(row -> Boolean.TRUE.equals(row.get("disabled", Boolean.class)))
        .one()
        .defaultIfEmpty(false);
  }

  /** Notes a success: the endpoint is no longer failing. */
  public Mono<Void> recordSuccess(String projectId, String id) {
    return db.sql(
            "UPDATE webhooks SET failing_since = NULL"
                + " WHERE project_id = :projectId AND id = :id AND failing_since IS NOT NULL")
        .bind("projectId", projectId)
        .bind("id", id)
        .then();
  }

  /** Deletes a webhook with its deliveries; emits whether it existed. */
  public Mono<Boolean> delete(String projectId, String id) {
    return db.sql("DELETE FROM webhooks WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  private static java.util.Map<String, io.r2dbc.spi.Parameter> nullable(
      String name, Object value, Class<?> type) {
    return java.util.Map.of(
        name, value == null ? io.r2dbc.spi.Parameters.in(type) : io.r2dbc.spi.Parameters.in(value));
  }

  private String toJson(JsonNode node) {
    return node == null ? null : json.writeValueAsString(node);
  }

  private Webhook toWebhook(Readable row) {
    return new Webhook(
        row.get("project_id", String.class),
        row.get("id", String.class),
        row.get("url", String.class),
        row.get("description", String.class),
        Arrays.asList(row.get("event_types", String[].class)),
        Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
        json.readTree(row.get("headers", String.class)),
        json.readTree(row.get("metadata", String.class)),
        box.openOrNull(row.get("secret", String.class)),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("updated_at", OffsetDateTime.class).toInstant(),
        Long.parseUnsignedLong(row.get("starts_at_txid", String.class)),
        box.openOrNull(row.get("previous_secret", String.class)),
        instant(row.get("failing_since", OffsetDateTime.class)),
        row.get("disabled_reason", String.class),
        row.get("rate_limit", Integer.class));
  }

  private static java.time.Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
