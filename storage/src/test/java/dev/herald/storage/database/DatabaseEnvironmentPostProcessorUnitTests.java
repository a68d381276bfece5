package dev.herald.storage.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DatabaseEnvironmentPostProcessorUnitTests {

  /** The environment after the post-processor, on a configured server (no embedded one starts). */
  static StandardEnvironment processed(Map<String, Object> settings) {
    Map<String, Object> all = new HashMap<>(settings);
    all.put("spring.r2dbc.url", "r2dbc:postgresql://db.invalid/herald");
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", all));
    new DatabaseEnvironmentPostProcessor()
        .postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }

  /** The pool's limits on creating and validating a connection, as Spring binds them. */
  static List<Duration> poolLimits(StandardEnvironment environment) {
    Binder binder = Binder.get(environment);
    return Stream.of("max-create-connection-time", "max-validation-time")
        .map(name -> binder.bind("spring.r2dbc.pool." + name, Duration.class).get())
        .toList();
  }

  @Test
  void poolLimits_followTheDatabaseTimeouts() {
    StandardEnvironment environment =
        processed(
            Map.of(
                "herald.database.connect-timeout", "3s", "herald.database.health-timeout", "1s"));

    assertThat(poolLimits(environment))
        .containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(1));
  }

  @Test
  void poolLimits_withoutSettings_areTheDatabaseDefaults() {
    assertThat(poolLimits(processed(Map.of())))
        .containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(2));
  }

  @Test
  void aPoolLimitOfTheApplications_wins() {
    StandardEnvironment environment =
        processed(Map.of("spring.r2dbc.pool.max-create-connection-time", "7s"));

    assertThat(poolLimits(environment))
        .containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
  }
}
