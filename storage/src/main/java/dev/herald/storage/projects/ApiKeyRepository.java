package dev.herald.storage.projects;

import dev.herald.storage.ids.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * API keys and short-lived stream tokens. Only their SHA-256 is stored: the secrets are random (256
 * bits), so a fast hash is as strong as a slow one and keeps authentication cheap.
 */
@Repository
public class ApiKeyRepository {

  static final String KEY_PREFIX = "hrd_";
  static final String STREAM_TOKEN_PREFIX = "hst_";

  private final DatabaseClient db;

  public ApiKeyRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Issues a new key for the project. */
  public Mono<IssuedKey> issue(String projectId) {
    String secret = KEY_PREFIX + Ids.randomToken(32);
    IssuedKey key = new IssuedKey(Ids.newId("key"), projectId, secret);
    return db.sql(
            "INSERT INTO api_keys (id, project_id, key_hash, key_prefix)"
                + " VALUES (:id, :projectId, :hash, :prefix)")
        .bind("id", key.id())
        .bind("projectId", projectId)
        .bind("hash", Secrets.sha256(secret))
        .bind("prefix", secret.substring(0, 8))
        .then()
        .thenReturn(key);
  }

  /** The project of an unrevoked key, or empty. */
  public Mono<ProjectRef> authenticate(String secret) {
    return db.sql(
            "SELECT p.id, p.tenant_id FROM api_keys k JOIN projects p ON p.id = k.project_id"
                + " WHERE k.key_hash = :hash AND k.revoked_at IS NULL")
        .bind("hash", Secrets.sha256(secret))
        .map(row -> new ProjectRef(row.get("tenant_id", String.class), row.get("id", String.class)))
        .one();
  }

  /** Revokes a key; emits whether an unrevoked key of that id existed. */
  public Mono<Boolean> revoke(String keyId) {
    return db.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
        .bind("id", keyId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /** Issues a token that opens the project's event stream until {@code validFor} has passed. */
  public Mono<StreamToken> issueStreamToken(String projectId, Duration validFor) {
    String secret = STREAM_TOKEN_PREFIX + Ids.randomToken(32);
    Instant expiresAt = Instant.now().plus(validFor);
    return db.sql(
            "INSERT INTO stream_tokens (token_hash, project_id, expires_at)"
                + " VALUES (:hash, :projectId, :expiresAt)")
        .bind("hash", Secrets.sha256(secret))
        .bind("projectId", projectId)
        .bind("expiresAt", expiresAt.atOffset(ZoneOffset.UTC))
        .then()
        .then(
            db.sql("DELETE FROM stream_tokens WHERE expires_at < now() - interval '1 hour'").then())
        .thenReturn(new StreamToken(secret, expiresAt));
  }

  /** The project of an unexpired stream token, or empty. */
  public Mono<ProjectRef> authenticateStreamToken(String secret) {
    return db.sql(
            "SELECT p.id, p.tenant_id FROM stream_tokens t JOIN projects p ON p.id = t.project_id"
                + " WHERE t.token_hash = :hash AND t.expires_at > now()")
        .bind("hash", Secrets.sha256(secret))
        .map(row -> new ProjectRef(row.get("tenant_id", String.class), row.get("id", String.class)))
        .one();
  }

  /** Whether {@code secret} has the form of a stream token (rather than an API key). */
  public static boolean isStreamToken(String secret) {
    return secret.startsWith(STREAM_TOKEN_PREFIX);
  }
}
