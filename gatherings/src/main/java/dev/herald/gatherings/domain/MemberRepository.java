package dev.herald.gatherings.domain;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gathering members. Callers hold the gathering's lock ({@link GatheringRepository#lock}) while
 * they change members, so capacity and ownership checks do not race.
 */
@Repository
public class MemberRepository {

  private static final String COLUMNS =
      "project_id, gathering_id, participant_id, role, state, present_since, created_at,"
          + " updated_at";

  private final DatabaseClient db;

  public MemberRepository(DatabaseClient db) {
    this.db = db;
  }

  public Mono<Member> find(String projectId, String gatheringId, String participantId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_members WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId AND participant_id = :participantId")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .bind("participantId", participantId)
        .map(MemberRepository::toMember)
        .one();
  }

  /** Every member of the gathering, in the order they were first added. */
  public Flux<Member> list(String projectId, String gatheringId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_members WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId ORDER BY created_at, participant_id")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .map(MemberRepository::toMember)
        .all();
  }

  /** How many members are in the gathering now (joined or ready). */
  public Mono<Long> countPresent(String projectId, String gatheringId) {
    return db.sql(
            "SELECT count(*) AS n FROM gathering_members WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId AND state IN "
                + MemberState.PRESENT_SQL)
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .map(row -> row.get("n", Long.class))
        .one();
  }

  /** Adds a member in {@code state} (present since now unless invited). */
  public Mono<Member> insert(
      String projectId,
      String gatheringId,
      String participantId,
      MemberRole role,
      MemberState state) {
    return db.sql(
            "INSERT INTO gathering_members (project_id, gathering_id, participant_id, role, state,"
                + " present_since) VALUES (:projectId, :gatheringId, :participantId, :role, :state,"
                + " CASE WHEN :state = 'invited' THEN NULL ELSE clock_timestamp() END)"
                + " RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .bind("participantId", participantId)
        .bind("role", role.wireName())
        .bind("state", state.wireName())
        .map(MemberRepository::toMember)
        .one();
  }

  /** Moves a member to {@code state} with {@code role}; joining again resets presentSince. */
  public Mono<Member> update(
      String projectId,
      String gatheringId,
      String participantId,
      MemberRole role,
      MemberState state) {
    return db.sql(
            "UPDATE gathering_members SET role = :role, state = :state, updated_at = now(),"
                // present from now if the member was not; no longer present, none
                + " present_since = CASE"
                + " WHEN :present AND state NOT IN "
                + MemberState.PRESENT_SQL
                + " THEN clock_timestamp()"
                + " WHEN NOT :present THEN NULL ELSE present_since END"
                + " WHERE project_id = :projectId AND gathering_id = :gatheringId"
                + " AND participant_id = :participantId RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .bind("participantId", participantId)
        .bind("role", role.wireName())
        .bind("state", state.wireName())
        .bind("present", state.isPresent())
        .map(MemberRepository::toMember)
        .one();
  }

  /** The member present longest, other than {@code exceptParticipantId}; empty if none. */
  public Mono<Member> longestPresent(
      String projectId, String gatheringId, String exceptParticipantId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_members WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId AND participant_id <> :except"
                + " AND state IN "
                + MemberState.PRESENT_SQL
                + " ORDER BY present_since, created_at, participant_id LIMIT 1")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .bind("except", exceptParticipantId)
        .map(MemberRepository::toMember)
        .one();
  }

  /** The gathering's owner, if it has one. */
  public Mono<Member> owner(String projectId, String gatheringId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_members WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId AND role = 'owner' LIMIT 1")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .map(MemberRepository::toMember)
        .one();
  }

  /** Removes a member; emits whether it existed. */
  public Mono<Boolean> delete(String projectId, String gatheringId, String participantId) {
    return db.sql(
            "DELETE FROM gathering_members WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId AND participant_id = :participantId")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .bind("participantId", participantId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime value = row.get(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Member toMember(Readable row) {
    return new Member(
        row.get("project_id", String.class),
        row.get("gathering_id", String.class),
        row.get("participant_id", String.class),
        MemberRole.fromWireName(row.get("role", String.class)),
        MemberState.fromWireName(row.get("state", String.class)),
        instant(row, "present_since"),
        instant(row, "created_at"),
        instant(row, "updated_at"));
  }
}
