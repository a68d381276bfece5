package dev.herald.storage.secrets;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * At start: refuses to run without a key for every secret in the database (every signature would
 * fail), and seals under the current key the secrets stored before encryption existed or sealed
 * under a previous key.
 */
@Component
@Order(0)
public class SecretsAtRest implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(SecretsAtRest.class);
  private static final Duration WAIT = Duration.ofMinutes(5);

  private final DatabaseClient db;
  private final SecretBox box;

  public SecretsAtRest(DatabaseClient db, SecretBox box) {
    this.db = db;
    this.box = box;
  }

  @Override
  public void run(ApplicationArguments args) {
    // start-up, on the main thread: nothing is served before this is done
    checkKey().then(sealUnderCurrentKey()).block(WAIT);
  }

  /** Fails when any stored secret is sealed under a key this Herald does not have. */
  Mono<Void> checkKey() {
    return db.sql(
            "SELECT DISTINCT split_part(s, ':', 3) AS key_id FROM ("
                + " SELECT secret AS s FROM webhooks UNION ALL"
                + " SELECT previous_secret FROM webhooks WHERE previous_secret IS NOT NULL) x"
                + " WHERE s LIKE 'enc:v1:%'")
        .map(row -> row.get("key_id", String.class))
        .all()
        .filter(keyId -> !box.opens(keyId))
        .collectList()
        .flatMap(
            others ->
                others.isEmpty()
                    ? Mono.empty()
                    : Mono.error(
                        new IllegalStateException(
                            "This database's webhook secrets are sealed under key "
                                + others
                                + ", but this Herald has key "
                                + box.keyId()
                                + ": start it with the HERALD_SECRETS_KEY (or secrets.key file) of"
                                + " the instance that sealed them")));
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
