package dev.herald.storage.projects;

import dev.herald.storage.ids.Ids;
import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
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

  /** The key's id and project, if the key exists and is not revoked; else empty. */
  public Mono<KeyOwner> authenticate(String secret) {
    return db.sql(
            "SELECT k.id AS key_id, p.id, p.tenant_id"
                + " FROM api_keys k JOIN projects p ON p.id = k.project_id"
                + " WHERE k.key_hash = :hash AND k.revoked_at IS NULL")
        .bind("hash", Secrets.sha256(secret))
        .map(ApiKeyRepository::owner)
        .one();
  }

  /** Which of {@code keyIds} are revoked (or gone): the streams they opened must end. */
  public Flux<String> revokedAmong(Collection<String> keyIds) {
    if (keyIds.isEmpty()) {
      return Flux.empty();
    }
    String[] ids = keyIds.toArray(String[]::new);
    return db.sql(
            "SELECT id FROM unnest(:ids::text[]) AS wanted(id)"
                + " WHERE NOT EXISTS (SELECT 1 FROM api_keys k"
                + " WHERE k.id = wanted.id AND k.revoked_at IS NULL)")
        .bind("ids", ids)
        .map(row -> row.get("id", String.class))
        .all();
  }

  /** Revokes a key; emits whether an unrevoked key of that id existed. */
  public Mono<Boolean> revoke(String keyId) {
    return db.sql("UPDATE api_keys SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
        .bind("id", keyId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /**
   * Issues a token that opens the project's event stream until {@code validFor} has passed, or
   * until the key {@code keyId} that asked for it is revoked.
   */
  public Mono<StreamToken> issueStreamToken(String projectId, String keyId, Duration validFor) {
    String secret = STREAM_TOKEN_PREFIX + Ids.randomToken(32);
    Instant expiresAt = Instant.now().plus(validFor);
    return db.sql(
            "INSERT INTO stream_tokens (token_hash, project_id, key_id, expires_at)"
                + " VALUES (:hash, :projectId, :keyId, :expiresAt)")
        .bind("hash", Secrets.sha256(secret))
        .bind("projectId", projectId)
        .bind("keyId", keyId)
        .bind("expiresAt", expiresAt.atOffset(ZoneOffset.UTC))
        .then()
        .then(
            db.sql("DELETE FROM stream_tokens WHERE expires_at < now() - interval '1 hour'").then())
        .thenReturn(new StreamToken(secret, expiresAt));
  }

  /**
   * The minting key and project of an unexpired stream token whose key is not revoked, or empty.
   */
  public Mono<KeyOwner> authenticateStreamToken(String secret) {
    return db.sql(
            "SELECT t.key_id, p.id, p.tenant_id FROM stream_tokens t"
                + " JOIN projects p ON p.id = t.project_id"
                + " JOIN api_keys k ON k.id = t.key_id"
                + " WHERE t.token_hash = :hash AND t.expires_at > now()"
                + " AND k.revoked_at IS NULL")
        .bind("hash", Secrets.sha256(secret))
        .map(ApiKeyRepository::owner)
        .one();
  }

  private static KeyOwner owner(Readable row) {
    return new KeyOwner(
        row.get("key_id", String.class),
        new ProjectRef(row.get("tenant_id", String.class), row.get("id", String.class)));
  }

  /** Whether {@code secret} has the form of a stream token (rather than an API key). */
  public static boolean isStreamToken(String secret) {
    return secret.startsWith(STREAM_TOKEN_PREFIX);
  }
}
