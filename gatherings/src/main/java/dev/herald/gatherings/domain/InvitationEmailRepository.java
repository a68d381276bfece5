package dev.herald.gatherings.domain;

import dev.herald.storage.ids.Ids;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbox of invitation emails: queued in the transaction that invites (or reschedules or
 * cancels), claimed by the sending workers with {@code FOR UPDATE SKIP LOCKED} and a lease, and
 * closed with the outcome of each attempt. The invitation mirrors the state of its latest email.
 */
@Repository
public class InvitationEmailRepository {

  private static final String COLUMNS =
      "project_id, id, invitation_id, kind, sequence, status, attempts, next_attempt_at,"
          + " last_error, sent_at, created_at";

  private final DatabaseClient db;

  public InvitationEmailRepository(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Queues an email of the invitation at the gathering's current calendar sequence, within the
   * caller's transaction: its older emails still queued are superseded, and the invitation shows
   * {@code queued}.
   */
  public Mono<Void> queue(String projectId, String invitationId, EmailKind kind) {
    return db.sql(
            "WITH superseded AS ("
                + " UPDATE invitation_emails SET status = 'superseded', updated_at = now()"
                + " WHERE project_id = :projectId AND invitation_id = :invitationId"
                + " AND status = 'queued' RETURNING id),"
                + " queued AS ("
                + " INSERT INTO invitation_emails (project_id, id, invitation_id, kind, sequence,"
                + " status) SELECT i.project_id, :id, i.id, :kind, g.calendar_sequence, 'queued'"
                + " FROM gathering_invitations i JOIN gatherings g"
                + " ON g.project_id = i.project_id AND g.id = i.gathering_id"
                + " WHERE i.project_id = :projectId AND i.id = :invitationId RETURNING id)"
                + " UPDATE gathering_invitations SET email_status = 'queued', email_error = NULL,"
                + " email_attempts = 0, updated_at = now()"
                + " WHERE project_id = :projectId AND id = :invitationId"
                + " AND EXISTS (SELECT 1 FROM queued)")
        .bind("projectId", projectId)
        .bind("invitationId", invitationId)
        .bind("id", Ids.newId("iem"))
        .bind("kind", kind.wireName())
        .then();
  }

  /**
   * Claims up to {@code limit} due emails of any project for {@code lease}: another worker skips
   * them, and they come back when the lease runs out without an outcome (a dead worker).
   */
  public Flux<InvitationEmail> claimDue(int limit, Duration lease) {
    return db.sql(
            "WITH due AS ("
                + " SELECT project_id, id FROM invitation_emails"
                + " WHERE status = 'queued' AND next_attempt_at <= now()"
                + " AND (locked_until IS NULL OR locked_until < now())"
                + " ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)"
                + " UPDATE invitation_emails e"
                + " SET locked_until = now() + make_interval(secs => :lease)"
                + " FROM due WHERE e.project_id = due.project_id AND e.id = due.id RETURNING "
                + prefixed("e."))
        .bind("limit", limit)
        .bind("lease", (double) lease.toMillis() / 1000)
        .map(InvitationEmailRepository::toEmail)
        .all();
  }

  /**
   * Records one attempt's outcome and mirrors it on the invitation, unless a newer email of the
   * invitation was queued meanwhile (then only this email's row changes, and a superseded email
   * that was not sent stays superseded).
   *
   * @param status {@code sent}, {@code failed}, or {@code queued} to try again at {@code
   *     nextAttemptAt}
   * @param error what went wrong, or {@code null}
   */
  public Mono<InvitationEmail> recordAttempt(
      InvitationEmail email, EmailStatus status, String error, Instant nextAttemptAt) {
    return db.sql(
            "WITH recorded AS ("
                + " UPDATE invitation_emails SET"
                + " status = CASE WHEN status = 'superseded' AND :status <> 'sent'"
                + " THEN 'superseded' ELSE :status END,"
                + " attempts = attempts + 1, last_error = :error,"
                + " next_attempt_at = COALESCE(:nextAttemptAt, next_attempt_at),"
                + " locked_until = NULL,"
                + " sent_at = CASE WHEN :status = 'sent' THEN now() ELSE sent_at END,"
                + " updated_at = now()"
                + " WHERE project_id = :projectId AND id = :id RETURNING "
                + COLUMNS
                + "), mirrored AS ("
                + " UPDATE gathering_invitations i SET email_status = r.status,"
                + " email_error = r.last_error, email_attempts = r.attempts,"
                + " email_sent_at = COALESCE(r.sent_at, i.email_sent_at), updated_at = now()"
                + " FROM recorded r WHERE i.project_id = r.project_id AND i.id = r.invitation_id"
                + " AND r.status <> 'superseded' AND NOT EXISTS (SELECT 1 FROM invitation_emails n"
                + " WHERE n.project_id = r.project_id AND n.invitation_id = r.invitation_id"
                + " AND n.created_at > r.created_at))"
                + " SELECT "
                + COLUMNS
                + " FROM recorded")
        .bind("projectId", email.projectId())
        .bind("id", email.id())
        .bind("status", status.wireName())
        .bindValues(
            Map.of(
                "error",
                error == null ? Parameters.in(String.class) : error,
                "nextAttemptAt",
                nextAttemptAt == null
                    ? Parameters.in(OffsetDateTime.class)
                    : nextAttemptAt.atOffset(ZoneOffset.UTC)))
        .map(InvitationEmailRepository::toEmail)
        .one();
  }

  /** Gives a claimed email back, due again at {@code at}, without counting an attempt. */
  public Mono<Void> defer(InvitationEmail email, Instant at) {
    return db.sql(
            "UPDATE invitation_emails SET locked_until = NULL, next_attempt_at = :at,"
                + " updated_at = now() WHERE project_id = :projectId AND id = :id")
        .bind("projectId", email.projectId())
        .bind("id", email.id())
        .bind("at", at.atOffset(ZoneOffset.UTC))
        .then();
  }

  /** The invitation's emails, oldest first. */
  public Flux<InvitationEmail> list(String projectId, String invitationId) {
    return db.sql(
            "SELECT "
                + COLUMNS
                + " FROM invitation_emails WHERE project_id = :projectId"
                + " AND invitation_id = :invitationId ORDER BY created_at, id")
        .bind("projectId", projectId)
        .bind("invitationId", invitationId)
        .map(InvitationEmailRepository::toEmail)
        .all();
  }

  private static String prefixed(String alias) {
    return alias + COLUMNS.replace(", ", ", " + alias);
  }

  private static Instant instant(Readable row, String column) {
    OffsetDateTime value = row.get(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static InvitationEmail toEmail(Readable row) {
    return new InvitationEmail(
        row.get("project_id", String.class),
        row.get("id", String.class),
        row.get("invitation_id", String.class),
        EmailKind.fromWireName(row.get("kind", String.class)),
        row.get("sequence", Integer.class),
        EmailStatus.fromWireName(row.get("status", String.class)),
        row.get("attempts", Integer.class),
        instant(row, "next_attempt_at"),
        row.get("last_error", String.class),
        instant(row, "sent_at"),
        instant(row, "created_at"));
  }
}
