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
 * HERALD_DATA_DIR}. Explicit {@code spring.r2dbc.url} settings win over both. Either way the pool's
 * limits on creating and validating a connection ({@code
 * spring.r2dbc.pool.max-create-connection-time}, {@code max-validation-time}) default to {@code
 * herald.database.connect-timeout} and {@code health-timeout}, so a connection that cannot be made
 * fails the call instead of hanging it.
 */
public class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

  /** Set to {@code true} when Herald runs on the embedded server. */
  public static final String EMBEDDED_PROPERTY = "herald.database.embedded";

  /** The resolved data folder of the embedded server. */
  public static final String EMBEDDED_DIR_PROPERTY = "herald.database.embedded-dir";

  /** {@code false} lets the embedded server acknowledge commits before they are on disk. */
  public static final String DURABLE_PROPERTY = "herald.embedded.durable";

  /** The data folder when {@code herald.data-dir} ({@code HERALD_DATA_DIR}) is not set. */
  public static final String DEFAULT_DATA_DIR = "herald-data";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    DatabaseProperties database =
        Binder.get(environment).bindOrCreate("herald.database", DatabaseProperties.class);
    // last: any spring.r2dbc.pool.* setting of the application's own wins
    environment
        .getPropertySources()
        .addLast(
            new MapPropertySource(
                "heraldDatabasePool",
                Map.of(
                    "spring.r2dbc.pool.max-create-connection-time", database.connectTimeout(),
                    "spring.r2dbc.pool.max-validation-time", database.healthTimeout())));
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
    String connectSeconds = DatabaseProperties.jdbcSeconds(database.connectTimeout());
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
