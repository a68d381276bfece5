package dev.herald.gatherings.sessions;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sessions, always scoped to their project. */
@Repository
public class SessionRepository {

  private static final String COLUMNS =
      "project_id, id, gathering_id, room_id, status, created_at, updated_at, ended_at";

  private final DatabaseClient db;

  public SessionRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Stores a new active session of the gathering. */
  public Mono<Session> create(String projectId, String id, String gatheringId, String roomId) {
    return db.sql(
            "INSERT INTO sessions (project_id, id, gathering_id, room_id, status)"
                + " VALUES (:projectId, :id, :gatheringId, :roomId, 'active') RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("gatheringId", gatheringId)
        .bind("roomId", roomId == null ? Parameters.in(String.class) : roomId)
        .map(SessionRepository::toSession)
        .one();
  }

  public Mono<Session> find(String projectId, String id) {
    return db.sql("SELECT " + COLUMNS + " FROM sessions WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(SessionRepository::toSession)
        .one();
  }

  /** A page of the project's sessions in id order, optionally of one gathering. */
  public Flux<Session> list(String projectId, String gatheringId, String afterId, int limit) {
    Map<String, Object> values = new HashMap<>();
    values.put("projectId", projectId);
    values.put("limit", limit);
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM sessions WHERE project_id = :projectId");
    if (gatheringId != null) {
      sql.append(" AND gathering_id = :gatheringId");
      values.put("gatheringId", gatheringId);
    }
    if (afterId != null) {
      sql.append(" AND id > :after");
      values.put("after", afterId);
    }
    sql.append(" ORDER BY id LIMIT :limit");
    return db.sql(sql.toString()).bindValues(values).map(SessionRepository::toSession).all();
  }

  /** Ends an active session; empty if it is not active. */
  public Mono<Session> end(String projectId, String id) {
    return db.sql(
            "UPDATE sessions SET status = 'ended', ended_at = now(), updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id AND status = 'active' RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .map(SessionRepository::toSession)
        .one();
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime value = row.get(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Session toSession(Readable row) {
    return new Session(
        row.get("project_id", String.class),
        row.get("id", String.class),
        row.get("gathering_id", String.class),
        row.get("room_id", String.class),
        SessionStatus.fromWireName(row.get("status", String.class)),
        instant(row, "created_at"),
        instant(row, "updated_at"),
        instant(row, "ended_at"));
  }
}
