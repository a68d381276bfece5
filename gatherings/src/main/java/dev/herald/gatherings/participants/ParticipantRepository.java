package dev.herald.gatherings.participants;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Participants, always scoped to their project. */
@Repository
public class ParticipantRepository {

  private static final String COLUMNS =
      "project_id, id, display_name, email, user_data::text AS user_data, created_at, updated_at";

  private final DatabaseClient db;
  private final JsonMapper json;

  public ParticipantRepository(DatabaseClient db, JsonMapper json) {
    this.db = db;
    this.json = json;
  }

  /** Stores a new participant; empty if the project already has one with this id. */
  public Mono<Participant> create(
      String projectId, String id, String displayName, String email, JsonNode userData) {
    return db.sql(
            "INSERT INTO participants (project_id, id, display_name, email, user_data)"
                + " VALUES (:projectId, :id, :displayName, :email, CAST(:userData AS json))"
                + " ON CONFLICT (project_id, id) DO NOTHING RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bindValues(nullable("displayName", displayName))
        .bindValues(nullable("email", email))
        .bind("userData", json.writeValueAsString(userData))
        .map(this::toParticipant)
        .one();
  }

  public Mono<Participant> find(String projectId, String id) {
    return db.sql(
            "SELECT " + COLUMNS + " FROM participants WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(this::toParticipant)
        .one();
  }

  /** A page of the project's participants in id order, after the participant {@code afterId}. */
  public Flux<Participant> list(String projectId, String afterId, int limit) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM participants WHERE project_id = :projectId"
                + (afterId == null ? "" : " AND id > :after")
                + " ORDER BY id LIMIT :limit")
        .bind("projectId", projectId)
        .bind("limit", limit)
        .bindValues(afterId == null ? Map.of() : Map.of("after", afterId))
        .map(this::toParticipant)
        .all();
  }

  /**
   * Replaces the participant's fields with these (the caller merges a patch first); empty if there
   * is no such participant.
   */
  public Mono<Participant> update(
      String projectId, String id, String displayName, String email, JsonNode userData) {
    return db.sql(
            "UPDATE participants SET display_name = :displayName, email = :email,"
                + " user_data = CAST(:userData AS json), updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bindValues(nullable("displayName", displayName))
        .bindValues(nullable("email", email))
        .bind("userData", json.writeValueAsString(userData))
        .map(this::toParticipant)
        .one();
  }

  /** Whether the participant is a member of, or invited to, any gathering. */
  public Mono<Boolean> isReferenced(String projectId, String id) {
    return db.sql(
            "SELECT EXISTS (SELECT 1 FROM gathering_members"
                + " WHERE project_id = :projectId AND participant_id = :id)"
                + " OR EXISTS (SELECT 1 FROM gathering_invitations"
                + " WHERE project_id = :projectId AND participant_id = :id) AS referenced")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(row -> Boolean.TRUE.equals(row.get("referenced", Boolean.class)))
        .one();
  }

  /** Deletes a participant; emits whether it existed. */
  public Mono<Boolean> delete(String projectId, String id) {
    return db.sql("DELETE FROM participants WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  private static Map<String, Object> nullable(String name, String value) {
    return Map.of(name, value == null ? Parameters.in(String.class) : value);
  }

  private Participant toParticipant(Readable row) {
    return new Participant(
        row.get("project_id", String.class),
        row.get("id", String.class),
        row.get("display_name", String.class),
        row.get("email", String.class),
        json.readTree(row.get("user_data", String.class)),
        row.get("created_at", OffsetDateTime.class).toInstant(),
        row.get("updated_at", OffsetDateTime.class).toInstant());
  }
}
