package dev.herald.storage.secrets;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * At start, before any worker or the server runs: refuses to run without a key for every secret in
 * the database, or with another key than the one the database was first started with (every
 * signature would fail), and seals under the current key the secrets stored before encryption
 * existed or sealed under a previous key.
 */
@Component
public class SecretsAtRest implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(SecretsAtRest.class);
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final String CHECK = "herald secrets key check";

  private final DatabaseClient db;
  private final SecretBox box;

  public SecretsAtRest(DatabaseClient db, SecretBox box) {
    this.db = db;
    this.box = box;
  }

  @Override
  public void afterSingletonsInstantiated() {
    // on the main thread, after the migrations and before any lifecycle (server, workers) starts
    checkKey().then(sealUnderCurrentKey()).then(resealKeptResponses()).block(WAIT);
  }

  /** Fails when the database's secrets, or its first start, are under a key this Herald lacks. */
  Mono<Void> checkKey() {
    return recordedKey().then(storedKeys());
  }

  /**
   * The key the database was first started with is recorded (as a known value sealed under it): a
   * Herald with another key is refused even while no webhook exists. After a key change it records
   * the new one.
   */
  private Mono<Void> recordedKey() {
    return db.sql(
            "INSERT INTO secrets_key_check (id, sealed) VALUES (1, :sealed)"
                + " ON CONFLICT (id) DO NOTHING")
        .bind("sealed", box.seal(CHECK))
        .then()
        .then(
            db.sql("SELECT sealed FROM secrets_key_check WHERE id = 1")
                .map(row -> row.get("sealed", String.class))
                .one())
        .flatMap(
            recorded -> {
              String keyId = recorded.split(":")[2];
              if (!box.opens(keyId) || !CHECK.equals(box.open(recorded))) {
                return Mono.error(refused(java.util.List.of(keyId)));
              }
              return box.isCurrent(recorded)
                  ? Mono.empty()
                  : db.sql("UPDATE secrets_key_check SET sealed = :sealed")
                      .bind("sealed", box.seal(CHECK))
                      .then();
            });
  }

  private IllegalStateException refused(java.util.List<String> keyIds) {
    return new IllegalStateException(
        "This database's webhook secrets are sealed under key "
            + keyIds
            + ", but this Herald has key "
            + box.keyId()
            + ": start it with the HERALD_SECRETS_KEY (or secrets.key file) of the instance that"
            + " sealed them");
  }

  private Mono<Void> storedKeys() {
    return db.sql(
            "SELECT DISTINCT split_part(s, ':', 3) AS key_id FROM ("
                + " SELECT secret AS s FROM webhooks UNION ALL"
                + " SELECT previous_secret FROM webhooks WHERE previous_secret IS NOT NULL) x"
                + " WHERE s LIKE 'enc:v1:%'")
        .map(row -> row.get("key_id", String.class))
        .all()
        .filter(keyId -> !box.opens(keyId))
        .collectList()
        .flatMap(others -> others.isEmpty() ? Mono.empty() : Mono.error(refused(others)));
  }

  /**
   * Seals under the current key each secret stored as issued or under a previous key; emits how
   * many webhooks it changed.
   */
  Mono<Long> sealUnderCurrentKey() {
    return db.sql(
            "SELECT project_id, id, secret, previous_secret FROM webhooks"
                + " WHERE secret NOT LIKE :current"
                + " OR (previous_secret IS NOT NULL AND previous_secret NOT LIKE :current)")
        .bind("current", "enc:v1:" + box.keyId() + ":%")
        .map(
            row ->
                new Stored(
                    row.get("project_id", String.class),
                    row.get("id", String.class),
                    row.get("secret", String.class),
                    row.get("previous_secret", String.class)))
        .all()
        .concatMap(this::seal)
        .reduce(0L, Long::sum)
        .doOnNext(
            count -> {
              if (count > 0) {
                log.info("Sealed the signing secrets of {} webhooks under the current key", count);
              }
            });
  }

  private record Stored(String projectId, String id, String secret, String previous) {}

  /**
   * Responses kept for idempotency keys (sealed, as they can carry a secret) move to the current
   * key too, so that a retry within their 24 hours still replays once the old key is gone.
   */
  Mono<Long> resealKeptResponses() {
    byte[] current = ("enc:v1:" + box.keyId() + ":").getBytes(StandardCharsets.US_ASCII);
    return db.sql(
            "SELECT project_id, key, body FROM idempotent_requests WHERE body IS NOT NULL"
                + " AND substring(body FROM 1 FOR :length) <> :current")
        .bind("length", current.length)
        .bind("current", current)
        .map(
            row ->
                new Kept(
                    row.get("project_id", String.class),
                    row.get("key", String.class),
                    row.get("body", byte[].class)))
        .all()
        .concatMap(
            kept -> {
              String stored = new String(kept.body(), StandardCharsets.ISO_8859_1);
              if (!SecretBox.isSealed(stored)) {
                return Mono.just(0L);
              }
              return db.sql(
                      "UPDATE idempotent_requests SET body = :body"
                          + " WHERE project_id = :projectId AND key = :key")
                  .bind("projectId", kept.projectId())
                  .bind("key", kept.key())
                  .bind("body", box.seal(box.open(stored)).getBytes(StandardCharsets.US_ASCII))
                  .fetch()
                  .rowsUpdated();
            })
        .reduce(0L, Long::sum);
  }

  private record Kept(String projectId, String key, byte[] body) {}

  private Flux<Long> seal(Stored row) {
    String secret = row.secret();
    String previous = row.previous();
    return db.sql(
            "UPDATE webhooks SET secret = :sealed, previous_secret = :sealedPrevious"
                + " WHERE project_id = :projectId AND id = :id AND secret = :secret")
        .bind("projectId", row.projectId())
        .bind("id", row.id())
        .bind("secret", secret)
        .bind("sealed", box.isCurrent(secret) ? secret : box.seal(box.open(secret)))
        .bind(
            "sealedPrevious",
            previous == null
                ? io.r2dbc.spi.Parameters.in(String.class)
                : box.isCurrent(previous) ? previous : box.seal(box.open(previous)))
        .fetch()
        .rowsUpdated()
        .flux();
  }
}
