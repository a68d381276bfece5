package dev.herald.storage.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

  /** The setting as Spring binds it into {@code R2dbcProperties}. */
  static Duration poolSetting(StandardEnvironment environment, String name) {
    return Binder.get(environment).bind(name, Duration.class).get();
  }

  @Test
  void poolLimits_followTheDatabaseTimeouts() {
    StandardEnvironment environment =
        processed(
            Map.of(
                "herald.database.connect-timeout", "3s", "herald.database.health-timeout", "1s"));

    assertThat(poolSetting(environment, "spring.r2dbc.pool.max-create-connection-time"))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(poolSetting(environment, "spring.r2dbc.pool.max-validation-time"))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void poolLimits_withoutSettings_areTheDatabaseDefaults() {
    StandardEnvironment environment = processed(Map.of());

    assertThat(poolSetting(environment, "spring.r2dbc.pool.max-create-connection-time"))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(poolSetting(environment, "spring.r2dbc.pool.max-validation-time"))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aPoolLimitOfTheApplications_wins() {
    StandardEnvironment environment =
        processed(Map.of("spring.r2dbc.pool.max-create-connection-time", "7s"));

    assertThat(poolSetting(environment, "spring.r2dbc.pool.max-create-connection-time"))
        .isEqualTo(Duration.ofSeconds(7));
  }
}
