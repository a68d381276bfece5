package dev.herald.storage.webhooks;

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
          + " starts_at_txid::text AS starts_at_txid";

  private final DatabaseClient db;
  private final JsonMapper json;

  public WebhookRepository(DatabaseClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  /** Stores a new webhook; it receives the events committed from now on. */
  public Mono<Webhook> create(Webhook webhook) {
    return db.sql(
            "INSERT INTO webhooks (project_id, id, url, description, event_types, enabled, headers,"
                + " metadata, secret) VALUES (:projectId, :id, :url, :description, :eventTypes,"
                + " :enabled, CAST(:headers AS json), CAST(:metadata AS json), :secret)"
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
        .bind("secret", webhook.secret())
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
                + " headers = coalesce(CAST(:headers AS json), headers),"
                + " metadata = coalesce(CAST(:metadata AS json), metadata),"
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
        .map(this::toWebhook)
        .one();
  }

  /** Replaces the signing secret; empty if there is no such webhook. */
  public Mono<Webhook> replaceSecret(String projectId, String id, String secret) {
    return db.sql(
            "UPDATE webhooks SET secret = :secret, updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("secret", secret)
        .map(this::toWebhook)
        .one();
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

  private static java.util.Map<String, org.springframework.r2dbc.core.Parameter> nullable(
      String name, Object value, Class<?> type) {
    return java.util.Map.of(
        name,
        value == null
            ? org.springframework.r2dbc.core.Parameter.empty(type)
            : org.springframework.r2dbc.core.Parameter.from(value));
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
        row.get("secret", String.class),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("updated_at", OffsetDateTime.class).toInstant(),
        Long.parseUnsignedLong(row.get("starts_at_txid", String.class)));
  }
}
