package dev.herald.gatherings.domain;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Gathering invitations; one per participant and one per email address in a gathering. */
@Repository
public class InvitationRepository {

  private static final String COLUMNS =
      "project_id, id, gathering_id, participant_id, email, status, email_status, email_error,"
          + " email_attempts, email_sent_at, token, created_at, updated_at, responded_at";

  private final DatabaseClient db;

  public InvitationRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * The gathering's invitation of this participant or this email address (case-insensitive), if
   * any.
   */
  public Mono<Invitation> findExisting(
      String projectId, String gatheringId, String participantId, String email) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_invitations WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId"
                + " AND (participant_id = :participantId OR lower(email) = lower(:email))"
                + " ORDER BY created_at LIMIT 1")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .bindValues(nullable("participantId", participantId))
        .bindValues(nullable("email", email))
        .map(InvitationRepository::toInvitation)
        .one();
  }

  /**
   * Stores a new pending invitation (its email status {@code queued} when it has an address, for
   * the caller to queue the email in the same transaction); empty if an equal one was stored
   * meanwhile.
   */
  public Mono<Invitation> insert(
      String projectId,
      String id,
      String gatheringId,
      String participantId,
      String email,
      String token) {
    return db.sql(
            "INSERT INTO gathering_invitations (project_id, id, gathering_id, participant_id,"
                + " email, status, email_status, token) VALUES (:projectId, :id, :gatheringId,"
                + " :participantId, :email, 'pending', :emailStatus, :token)"
                + " ON CONFLICT DO NOTHING RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("gatheringId", gatheringId)
        .bindValues(nullable("participantId", participantId))
        .bindValues(nullable("email", email))
        .bind("token", token)
        .bind("emailStatus", (email == null ? EmailStatus.NONE : EmailStatus.QUEUED).wireName())
        .map(InvitationRepository::toInvitation)
        .one();
  }

  public Mono<Invitation> find(String projectId, String id) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_invitations WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", id)
        .map(InvitationRepository::toInvitation)
        .one();
  }

  public Mono<Invitation> findByToken(String projectId, String token) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_invitations WHERE project_id = :projectId AND token = :token")
        .bind("projectId", projectId)
        .bind("token", token)
        .map(InvitationRepository::toInvitation)
        .one();
  }

  /** Every invitation of the gathering, oldest first. */
  public Flux<Invitation> list(String projectId, String gatheringId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM gathering_invitations WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId ORDER BY created_at, id")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .map(InvitationRepository::toInvitation)
        .all();
  }

  /**
   * The ids of the gathering's invitations that get its calendar updates: those with an address
   * whose invitee has not declined.
   */
  public Flux<String> calendarRecipients(String projectId, String gatheringId) {
    return db.sql(
            "SELECT id FROM gathering_invitations WHERE project_id = :projectId"
                + " AND gathering_id = :gatheringId AND email IS NOT NULL"
                + " AND status <> 'declined' ORDER BY created_at, id")
        .bind("projectId", projectId)
        .bind("gatheringId", gatheringId)
        .map(row -> row.get("id", String.class))
        .all();
  }

  /** Records the answer, only if the invitation is still pending; empty otherwise. */
  public Mono<Invitation> answer(String projectId, String id, InvitationStatus status) {
    return db.sql(
            "UPDATE gathering_invitations SET status = :status, responded_at = now(),"
                + " updated_at = now() WHERE project_id = :projectId AND id = :id"
                + " AND status = 'pending' RETURNING "
                + COLUMNS)
        .bind("projectId", projectId)
        .bind("id", id)
        .bind("status", status.wireName())
        .map(InvitationRepository::toInvitation)
        .one();
  }

  private static Map<String, Object> nullable(String name, String value) {
    return Map.of(name, value == null ? Parameters.in(String.class) : value);
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime value = row.get(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static Invitation toInvitation(Readable row) {
    return new Invitation(
        row.get("project_id", String.class),
        row.get("id", String.class),
        row.get("gathering_id", String.class),
        row.get("participant_id", String.class),
        row.get("email", String.class),
        InvitationStatus.fromWireName(row.get("status", String.class)),
        row.get("email_status", String.class),
        row.get("email_error", String.class),
        row.get("email_attempts", Integer.class),
        instant(row, "email_sent_at"),
        row.get("token", String.class),
        instant(row, "created_at"),
        instant(row, "updated_at"),
        instant(row, "responded_at"));
  }
}
