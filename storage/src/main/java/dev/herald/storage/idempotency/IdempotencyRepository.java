package dev.herald.storage.idempotency;

import java.security.MessageDigest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * Idempotency keys of create requests, kept for 24 hours: a key remembers the hash of the request
 * it first came with and the id of what that request created.
 */
@Repository
public class IdempotencyRepository {

  private static final String LIVE = "created_at > now() - interval '24 hours'";

  private final DatabaseClient db;

  public IdempotencyRepository(DatabaseClient db) {
    this.db = db;
  }

  /** What an unexpired key first created. */
  public record Remembered(byte[] requestHash, String resourceId) {

    /** Whether a request with this hash is the same request as the remembered one. */
    public boolean sameRequest(byte[] hash) {
      return MessageDigest.isEqual(requestHash, hash);
    }
  }

  /** The unexpired record of a key, or empty. */
  public Mono<Remembered> find(String projectId, String key) {
    return db.sql(
            "SELECT request_hash, resource_id FROM idempotency_keys"
                + " WHERE project_id = :projectId AND key = :key AND "
                + LIVE)
        .bind("projectId", projectId)
        .bind("key", key)
        .map(
            row ->
                new Remembered(
                    row.get("request_hash", byte[].class), row.get("resource_id", String.class)))
        .one();
  }

  /**
   * Remembers a key within the caller's transaction; emits {@code false} when another request took
   * the key first (the caller should roll back and replay that request's result).
   */
  public Mono<Boolean> remember(
      String projectId, String key, byte[] requestHash, String resourceId) {
    return db.sql(
            "INSERT INTO idempotency_keys (project_id, key, request_hash, resource_id)"
                + " VALUES (:projectId, :key, :hash, :resourceId)"
                + " ON CONFLICT (project_id, key) DO UPDATE"
                + " SET request_hash = EXCLUDED.request_hash, resource_id = EXCLUDED.resource_id,"
                + " created_at = now()"
                + " WHERE idempotency_keys.created_at <= now() - interval '24 hours'")
        .bind("projectId", projectId)
        .bind("key", key)
        .bind("hash", requestHash)
        .bind("resourceId", resourceId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }
}
