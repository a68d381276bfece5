package dev.herald.storage.database;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Spring's R2DBC and Flyway (JDBC) settings at Herald's database before any bean exists: the
 * server of {@code HERALD_DATABASE_URL} when set, otherwise an embedded PostgreSQL under {@code
 * HERALD_DATA_DIR}. Explicit {@code spring.r2dbc.url} settings win over both.
 */
public class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /** Set to {@code true} when Herald runs on the embedded server. */
  public static final String EMBEDDED_PROPERTY = "herald.database.embedded";

  /** The resolved data folder of the embedded server. */
  public static final String EMBEDDED_DIR_PROPERTY = "herald.database.embedded-dir";

  /** {@code false} lets the embedded server acknowledge commits before they are on disk. */
  public static final String DURABLE_PROPERTY = "herald.embedded.durable";

  static final String DEFAULT_DATA_DIR = "herald-data";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.containsProperty("spring.r2dbc.url")) {
      return;
    }
    Map<String, Object> settings = new HashMap<>();
    String url = environment.getProperty("herald.database-url");
    DatabaseLocation location;
    if (url != null && !url.isBlank()) {
      location = DatabaseLocation.parse(url);
    } else {
      Path dataDir = Path.of(environment.getProperty("herald.data-dir", DEFAULT_DATA_DIR));
      boolean durable = environment.getProperty(DURABLE_PROPERTY, Boolean.class, true);
      location = EmbeddedDatabase.acquire(dataDir, durable);
      settings.put(EMBEDDED_PROPERTY, "true");
      settings.put(EMBEDDED_DIR_PROPERTY, dataDir.toAbsolutePath().normalize().toString());
    }
    settings.put("spring.r2dbc.url", location.r2dbcUrl());
    settings.put("spring.r2dbc.username", location.username());
    settings.put("spring.r2dbc.password", location.password());
    // With R2DBC, Spring Boot makes no JDBC DataSource: Flyway gets its own connection settings.
    // a bounded connect for the migrations too; no socket timeout (a long migration is legitimate)
    String connectSeconds =
        DatabaseProperties.jdbcSeconds(
            Binder.get(environment)
                .bindOrCreate("herald.database", DatabaseProperties.class)
                .connectTimeout());
    settings.put(
        "spring.flyway.url",
        location.jdbcUrl()
            + "?connectTimeout="
            + connectSeconds
            + "&loginTimeout="
            + connectSeconds
            + "&tcpKeepAlive=true");
    settings.put("spring.flyway.user", location.username());
    settings.put("spring.flyway.password", location.password());
    environment.getPropertySources().addFirst(new MapPropertySource("heraldDatabase", settings));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
