package dev.herald.storage.idempotency;

import dev.herald.storage.secrets.SecretBox;
import io.r2dbc.spi.Parameters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Idempotency keys of POST requests, kept for 24 hours: a key is held while the first request with
 * it runs, then keeps that request's successful response for a retry to replay. A request that
 * fails gives its key back; one whose process died gives it back when its hold runs out. Only the
 * holder (a token of the request that took the key) answers or gives back. Kept bodies are sealed
 * ({@link SecretBox}): a response can carry a webhook secret.
 */
@Repository
public class IdempotentRequests {

  private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);
  private static final String EXPIRED = "created_at <= now() - interval '24 hours'";
  private static final long PURGE_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

  private final DatabaseClient db;
  private final SecretBox box;
  private final AtomicLong lastPurge = new AtomicLong(System.nanoTime() - PURGE_EVERY_NANOS);

  public IdempotentRequests(DatabaseClient db, SecretBox box) {
    this.db = db;
    this.box = box;
  }

  /** A request's response, as first answered. */
  public record Response(int status, String contentType, String location, byte[] body) {}

  /**
   * What a key holds when another request took it; {@code holdOver}: that request's hold has run
   * out without an answer (its process died), so a same request may take the key over.
   */
  public record Taken(byte[] requestHash, Response response, boolean holdOver) {

    /** Whether a request with this hash is the same request as the one that took the key. */
    public boolean sameRequest(byte[] hash) {
      return MessageDigest.isEqual(requestHash, hash);
    }

    /** Whether that request is still running (no response yet). */
    public boolean running() {
      return response == null;
    }
  }

  /**
   * Takes the key for a request, as {@code holder}, holding it for {@code hold}: emits {@code true}
   * when this request took it (unused, expired, or held by a same request whose hold ran out), else
   * {@code false}.
   */
  public Mono<Boolean> take(
      String projectId, String key, byte[] requestHash, String holder, Duration hold) {
    return Mono.fromRunnable(this::purgeNowAndThen)
        .then(
            db.sql(
                    "INSERT INTO idempotent_requests"
                        + " (project_id, key, request_hash, holder, locked_until)"
                        + " VALUES (:projectId, :key, :hash, :holder,"
                        + " now() + make_interval(secs => :hold))"
                        + " ON CONFLICT (project_id, key) DO UPDATE"
                        + " SET request_hash = EXCLUDED.request_hash, holder = EXCLUDED.holder,"
                        + " locked_until = EXCLUDED.locked_until, status = NULL,"
                        + " content_type = NULL, location = NULL, body = NULL, created_at = now()"
                        + " WHERE idempotent_requests."
                        + EXPIRED
                        + " OR (idempotent_requests.status IS NULL"
                        + " AND idempotent_requests.locked_until < now()"
                        + " AND idempotent_requests.request_hash = EXCLUDED.request_hash)")
                .bind("projectId", projectId)
                .bind("key", key)
                .bind("hash", requestHash)
                .bind("holder", holder)
                .bind("hold", (double) hold.toMillis() / 1000)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows > 0));
  }

  /** What holds the key now, unless it expired or was given back. */
  public Mono<Taken> find(String projectId, String key) {
    return db.sql(
            "SELECT request_hash, status, content_type, location, body,"
                + " locked_until < now() AS hold_over FROM idempotent_requests"
                + " WHERE project_id = :projectId AND key = :key AND NOT "
                + EXPIRED)
        .bind("projectId", projectId)
        .bind("key", key)
        .map(
            row -> {
              Integer status = row.get("status", Integer.class);
              return new Taken(
                  row.get("request_hash", byte[].class),
                  status == null
                      ? null
                      : new Response(
                          status,
                          row.get("content_type", String.class),
                          row.get("location", String.class),
                          openBody(row.get("body", byte[].class))),
                  Boolean.TRUE.equals(row.get("hold_over", Boolean.class)));
            })
        .one();
  }

  /** Keeps the response of the request that holds the key, for retries to replay. */
  public Mono<Void> answer(String projectId, String key, String holder, Response response) {
    return db.sql(
            "UPDATE idempotent_requests SET status = :status, content_type = :contentType,"
                + " location = :location, body = :body, locked_until = NULL"
                + " WHERE project_id = :projectId AND key = :key AND holder = :holder"
                + " AND status IS NULL")
        .bind("projectId", projectId)
        .bind("key", key)
        .bind("holder", holder)
        .bind("status", response.status())
        .bind("contentType", nullable(response.contentType()))
        .bind("location", nullable(response.location()))
        .bind("body", sealBody(response.body()))
        .then();
  }

  /** Gives the key back (its request did not succeed), so that a retry can take it. */
  public Mono<Void> giveBack(String projectId, String key, String holder) {
    return db.sql(
            "DELETE FROM idempotent_requests WHERE project_id = :projectId AND key = :key"
                + " AND holder = :holder AND status IS NULL")
        .bind("projectId", projectId)
        .bind("key", key)
        .bind("holder", holder)
        .then();
  }

  private byte[] sealBody(byte[] body) {
    return box.seal(Base64.getEncoder().encodeToString(body)).getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] openBody(byte[] stored) {
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    return SecretBox.isSealed(text) ? Base64.getDecoder().decode(box.open(text)) : stored;
  }

  /**
   * Expired keys of both kinds are deleted in passing, at most once a minute per instance, beside
   * the request that set it off rather than in its way.
   */
  private void purgeNowAndThen() {
    long last = lastPurge.get();
    long now = System.nanoTime();
    if (now - last < PURGE_EVERY_NANOS || !lastPurge.compareAndSet(last, now)) {
      return;
    }
    db.sql("DELETE FROM idempotent_requests WHERE " + EXPIRED)
        .then()
        .then(db.sql("DELETE FROM idempotency_keys WHERE " + EXPIRED).then())
        .subscribe(
            null,
            error -> log.warn("Could not delete expired idempotency keys: {}", error.toString()));
  }

  private static Object nullable(String value) {
    return value == null ? Parameters.in(String.class) : value;
  }
}
