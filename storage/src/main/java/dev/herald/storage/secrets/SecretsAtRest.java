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
 * At start: refuses to run with a key other than the one the database's secrets are sealed under
 * (every signature would fail), and seals the secrets stored before encryption existed.
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
    checkKey().then(sealPlaintext()).block(WAIT);
  }

  /** Fails when any stored secret is sealed under another key. */
  Mono<Void> checkKey() {
    return db.sql(
            "SELECT DISTINCT split_part(s, ':', 3) AS key_id FROM ("
                + " SELECT secret AS s FROM webhooks UNION ALL"
                + " SELECT previous_secret FROM webhooks WHERE previous_secret IS NOT NULL) x"
                + " WHERE s LIKE 'enc:v1:%'")
        .map(row -> row.get("key_id", String.class))
        .all()
        .filter(keyId -> !keyId.equals(box.keyId()))
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

  /** Seals each secret still stored as issued; emits how many webhooks it changed. */
  Mono<Long> sealPlaintext() {
    return db.sql(
            "SELECT project_id, id, secret, previous_secret FROM webhooks"
                + " WHERE secret NOT LIKE 'enc:%'"
                + " OR (previous_secret IS NOT NULL AND previous_secret NOT LIKE 'enc:%')")
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
                log.info(
                    "Sealed the signing secrets of {} webhooks stored before encryption", count);
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
        .bind("sealed", SecretBox.isSealed(secret) ? secret : box.seal(secret))
        .bind(
            "sealedPrevious",
            previous == null
                ? io.r2dbc.spi.Parameters.in(String.class)
                : SecretBox.isSealed(previous) ? previous : box.seal(previous))
        .fetch()
        .rowsUpdated()
        .flux();
  }
}
