package dev.herald.gatherings.domain;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Gatherings, always scoped to their project. */
@Repository
public class GatheringRepository {

  private static final String COLUMNS =
      "project_id, id, name, type, status, join_code, metadata::text AS metadata, max_members,"
          + " created_by, starts_at, ends_at, auto_start_session, visibility, room_id, session_id,"
          + " created_at, updated_at, started_at, ended_at";

  private final DatabaseClient db;
  private final JsonMapper json;

  public GatheringRepository(DatabaseClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  /**
   * Stores a new gathering (its status, session and times of the row given are ignored); empty if
   * its join code is taken in the project, so the caller retries with another.
   */
  public Mono<Gathering> create(Gathering g) {
    return db.sql(
            "INSERT INTO gatherings (project_id, id, name, type, status, join_code, metadata,"
                + " max_members, created_by, starts_at, ends_at, auto_start_session, visibility)"
                + " VALUES (:projectId, :id, :name, :type, :status, :joinCode,"
                + " CAST(:metadata AS json), :maxMembers, :createdBy, :startsAt, :endsAt,"
                + " :autoStartSession, :visibility)"
                + " ON CONFLICT (project_id, join_code) DO NOTHING RETURNING "
                + COLUMNS)
        .bind("projectId", g.projectId())
        .bind("id", g.id())
        .bind("name", g.name())
        .bind("type", g.type().wireName())
        .bind("status", g.type().initialStatus().wireName())
        .bind("joinCode", g.joinCode())
        .bind("metadata", json.writeValueAsString(g.metadata()))
        .bindValues(nullable("maxMembers", g.maxMembers(), Integer.class))
        .bindValues(nullable("createdBy", g.createdBy(), String.class))
        .bindValues(nullable("startsAt", time(g.startsAt()), OffsetDateTime.class))
        .bindValues(nullable("endsAt", time(g.endsAt()), OffsetDateTime.class))
        .bind("autoStartSession", g.autoStartSession())
        .bindValues(nullable("visibility", g.visibility(), String.class))
        .map(this::toGathering)
        .one();
  }

  public Mono<Gathering> find(String projectId, String id) {
    return db.sql(
            "SELECT " + COLUMNS + " FROM gatherings WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(this::toGathering)
        .one();
  }

  /**
   * Every project's appointments that start or end by themselves and have not ended, after {@code
   * (afterProjectId, afterId)} in key order, up to {@code limit}: the ones whose Quartz triggers
   * must exist.
   */
  public Flux<Gathering> autoStartAppointments(String afterProjectId, String afterId, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gatherings WHERE type = 'appointment' AND auto_start_session"
                + " AND status IN ('scheduled', 'started') AND (project_id, id) > (:p, :i)"
                + " ORDER BY project_id, id LIMIT :limit")
        .bind("p", afterProjectId)
        .bind("i", afterId)
        .bind("limit", limit)
        .map(this::toGathering)
        .all();
  }

  /**
   * The gathering, locked until the caller's transaction ends: every change to it or its members
   * goes through this lock, so capacity and state checks cannot race.
   */
  public Mono<Gathering> lock(String projectId, String id) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gatherings WHERE project_id = :projectId AND id = :id FOR UPDATE")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(this::toGathering)
        .one();
  }

  /** The gathering with this normalized join code. */
  public Mono<Gathering> findByJoinCode(String projectId, String joinCode) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gatherings WHERE project_id = :projectId AND join_code = :joinCode")
        .bind("projectId", projectId)
        .bind("joinCode", joinCode)
        .map(this::toGathering)
        .one();
  }

  /** A page of the project's gatherings in id (creation) order. */
  public Flux<Gathering> list(String projectId, GatheringQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM gatherings WHERE project_id = :projectId");
    DatabaseClient.GenericExecuteSpec spec;
    if (query.type() != null) {
      sql.append(" AND type = :type");
    }
    if (query.status() != null) {
      sql.append(" AND status = :status");
    }
    if (query.listed() != null) {
      sql.append(" AND type = 'open' AND visibility = :visibility");
    }
    if (query.afterId() != null) {
      sql.append(" AND id > :after");
    }
    sql.append(" ORDER BY id LIMIT :limit");
    spec = db.sql(sql.toString()).bind("projectId", projectId).bind("limit", query.limit());
    if (query.type() != null) {
      spec = spec.bind("type", query.type().wireName());
    }
    if (query.status() != null) {
      spec = spec.bind("status", query.status().wireName());
    }
    if (query.listed() != null) {
      spec = spec.bind("visibility", query.listed() ? "listed" : "unlisted");
    }
    if (query.afterId() != null) {
      spec = spec.bind("after", query.afterId());
    }
    return spec.map(this::toGathering).all();
  }

  /** Writes the editable fields; empty if there is no such gathering. */
  public Mono<Gathering> update(String projectId, String id, GatheringChanges c) {
    return db.sql(
            "UPDATE gatherings SET name = :name, metadata = CAST(:metadata AS json),"
                + " max_members = :maxMembers, starts_at = :startsAt, ends_at = :endsAt,"
                + " auto_start_session = :autoStartSession, visibility = :visibility,"
                + " updated_at = now() WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("name", c.name())
        .bind("metadata", json.writeValueAsString(c.metadata()))
        .bindValues(nullable("maxMembers", c.maxMembers(), Integer.class))
        .bindValues(nullable("startsAt", time(c.startsAt()), OffsetDateTime.class))
        .bindValues(nullable("endsAt", time(c.endsAt()), OffsetDateTime.class))
        .bind("autoStartSession", c.autoStartSession())
        .bindValues(nullable("visibility", c.visibility(), String.class))
        .map(this::toGathering)
        .one();
  }

  /** Marks the gathering started, with its room and session if any. */
  public Mono<Gathering> markStarted(String projectId, String id, String roomId, String sessionId) {
    return db.sql(
            "UPDATE gatherings SET status = 'started', room_id = :roomId, session_id = :sessionId,"
                + " started_at = now(), updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bindValues(nullable("roomId", roomId, String.class))
        .bindValues(nullable("sessionId", sessionId, String.class))
        .map(this::toGathering)
        .one();
  }

  /** Moves the gathering to {@code ended} or {@code cancelled}. */
  public Mono<Gathering> markFinished(String projectId, String id, GatheringStatus status) {
    if (!status.isFinal()) {
      throw new IllegalArgumentException("not a final status: " + status);
    }
    return db.sql(
            "UPDATE gatherings SET status = :status, ended_at = now(), updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("status", status.wireName())
        .map(this::toGathering)
        .one();
  }

  /**
   * Raises the gathering's calendar {@code SEQUENCE} (on a reschedule or cancel of an appointment)
   * and returns the new value.
   */
  public Mono<Integer> nextCalendarSequence(String projectId, String id) {
    return db.sql(
            "UPDATE gatherings SET calendar_sequence = calendar_sequence + 1"
                + " WHERE project_id = :projectId AND id = :id RETURNING calendar_sequence")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(row -> row.get("calendar_sequence", Integer.class))
        .one();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Map<String, Object> nullable(String name, Object value, Class<?> type) {
    return Map.of(name, value == null ? Parameters.in(type) : value);
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime value = row.get(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private Gathering toGathering(Readable row) {
    return new Gathering(
        row.get("project_id", String.class),
        row.get("id", String.class),
        row.get("name", String.class),
        GatheringType.fromWireName(row.get("type", String.class)),
        GatheringStatus.fromWireName(row.get("status", String.class)),
        row.get("join_code", String.class),
        json.readTree(row.get("metadata", String.class)),
        row.get("max_members", Integer.class),
        row.get("created_by", String.class),
        instant(row, "starts_at"),
        instant(row, "ends_at"),
        Boolean.TRUE.equals(row.get("auto_start_session", Boolean.class)),
        row.get("visibility", String.class),
        row.get("room_id", String.class),
        row.get("session_id", String.class),
        instant(row, "created_at"),
        instant(row, "updated_at"),
        instant(row, "started_at"),
        instant(row, "ended_at"));
  }
}
