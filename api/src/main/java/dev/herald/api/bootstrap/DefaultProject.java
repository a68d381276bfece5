package dev.herald.api.bootstrap;

import dev.herald.storage.database.DatabaseEnvironmentPostProcessor;
import dev.herald.storage.projects.ProjectRepository;
import dev.herald.storage.secrets.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * On the embedded database, gives a fresh install a ready project: created on first start, its API
 * key kept in {@code <data dir>/default-project.json} (owner-readable only; the database holds only
 * its hash) and printed at every start.
 */
@Component
@ConditionalOnProperty(
    name = DatabaseEnvironmentPostProcessor.EMBEDDED_PROPERTY,
    havingValue = "true")
class DefaultProject implements ApplicationRunner {

  static final String FILE = "default-project.json";
  private static final Logger log = LoggerFactory.getLogger(DefaultProject.class);

  private final ProjectRepository projects;
  private final JsonMapper json;
  private final Path file;
  private final boolean enabled;
  private final boolean smtp;

  DefaultProject(
      ProjectRepository projects,
      JsonMapper json,
      @Value("${" + DatabaseEnvironmentPostProcessor.EMBEDDED_DIR_PROPERTY + "}") String dataDir,
      @Value("${herald.bootstrap.default-project:true}") boolean enabled,
      @Value("${spring.mail.host:}") String smtpHost) {
    this.projects = projects;
    this.json = json;
    this.file = Path.of(dataDir).resolve(FILE);
    this.enabled = enabled;
    this.smtp = !smtpHost.isBlank();
  }

  /** What the key file holds. */
  record Saved(String tenantId, String projectId, String apiKey) {}

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!enabled) {
      return;
    }
    // Start-up, on the main thread: waiting here keeps the first request from racing set-up.
    Duration wait = Duration.ofSeconds(30);
    Saved saved = Files.exists(file) ? json.readValue(file.toFile(), Saved.class) : null;
    if (saved == null || projects.find(saved.projectId()).blockOptional(wait).isEmpty()) {
      var created = projects.create(null, "Default tenant", "Default project").block(wait);
      saved =
          new Saved(
              created.project().tenantId(), created.project().projectId(), created.key().secret());
      OwnerOnlyFile.replace(file, json.writeValueAsBytes(saved));
    }
    log.info(
        "\n\n  Herald is ready (embedded PostgreSQL, data in {}).\n"
            + "  Default project: {} (tenant {})\n"
            + "  API key:         {}\n"
            + "  Emails:          {}\n"
            + "  Try: curl -H 'Authorization: Bearer {}' http://localhost:{}/v1/event-types\n",
        file.getParent(),
        saved.projectId(),
        saved.tenantId(),
        saved.apiKey(),
        smtp
            ? "sent over SMTP (spring.mail.host)"
            : "written to the log (set spring.mail.host to send them)",
        saved.apiKey(),
        System.getProperty("server.port", System.getenv().getOrDefault("SERVER_PORT", "8080")));
  }
}
