package dev.herald.api.database;

import dev.herald.storage.database.DatabaseOutage;
import dev.herald.storage.database.DatabaseProperties;
import io.r2dbc.spi.ConnectionFactory;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The {@code r2dbc} health check of the readiness group, bounded and quiet: Spring Boot's own waits
 * as long as the database does (a frozen server kept readiness hanging, then UP) and logs a stack
 * trace per failed check; this one reports DOWN once {@code herald.database.health-timeout} has
 * passed without an answer, with the reason as its detail (the outage itself is logged once, by
 * {@link DatabaseOutage}).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseReadiness {

  /** Named as Spring Boot's, which it replaces (so the check keeps its name, {@code r2dbc}). */
  @Bean
  ReactiveHealthIndicator r2dbcHealthIndicator(
      ConnectionFactory connections, DatabaseOutage outage, DatabaseProperties database) {
    String product = connections.getMetadata().getName();
    return () ->
        outage
            .validate()
            .map(
                valid ->
                    valid
                        ? Health.up().withDetail("database", product).build()
                        : down(product, "the connection is not valid"))
            .onErrorResume(
                error ->
                    Mono.just(
                        down(
                            product,
                            error instanceof TimeoutException
                                ? "no answer within " + database.healthTimeout().toMillis() + " ms"
                                : DatabaseOutage.classify(error)
                                    .map(DatabaseOutage.Unavailable::reason)
                                    .orElse(error.getClass().getSimpleName()))));
  }

  private static Health down(String product, String reason) {
    return Health.down().withDetail("database", product).withDetail("error", reason).build();
  }
}
