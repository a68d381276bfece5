package dev.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.WebhookProperties;
import dev.herald.gatherings.GatheringsProperties;
import dev.herald.gatherings.mail.InvitationMailProperties;
import dev.herald.storage.database.DatabaseProperties;
import dev.herald.web.ApiProperties;
import dev.herald.web.streams.EventStreamProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * The environment variables of the README's configuration table, bound as Herald binds them: from
 * the process environment, through {@code application.yml}, into the properties records, whose
 * defaults are the only ones.
 */
class EnvironmentVariablesIntegrationTests {

  @EnableConfigurationProperties({
    WebhookProperties.class,
    DatabaseProperties.class,
    ApiProperties.class,
    EventStreamProperties.class,
    GatheringsProperties.class,
    InvitationMailProperties.class
  })
  static class Settings {}

  /** Runs {@code check} in a context whose process environment is {@code variables} alone. */
  static void withEnvironment(
      Map<String, Object> variables, ContextConsumer<AssertableApplicationContext> check) {
    new ApplicationContextRunner()
        .withInitializer(
            context -> {
              context
                  .getEnvironment()
                  .getPropertySources()
                  .replace(
                      StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                      new SystemEnvironmentPropertySource(
                          StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
              ConfigurationPropertySources.attach(context.getEnvironment());
            })
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withUserConfiguration(Settings.class)
        .run(check);
  }

  /** As the README's configuration table has it. */
  static final String DOCUMENTED_RETRY_SCHEDULE = "0s,5s,5m,30m,2h,5h,10h,10h";

  @Test
  void retrySchedule_withoutTheVariable_isTheDocumentedDefault() {
    withEnvironment(
        Map.of(),
        context ->
            assertThat(context.getBean(WebhookProperties.class).retrySchedule())
                .isEqualTo(
                    Stream.of(DOCUMENTED_RETRY_SCHEDULE.split(","))
                        .map(DurationStyle::detectAndParse)
                        .toList()));
  }

  @Test
  void retrySchedule_isSetBy_HERALD_WEBHOOKS_RETRY_SCHEDULE() {
    withEnvironment(
        Map.of("HERALD_WEBHOOKS_RETRY_SCHEDULE", "0s,1s,2m"),
        context ->
            assertThat(context.getBean(WebhookProperties.class).retrySchedule())
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(2)));
  }

  @Test
  void everyDocumentedVariable_setsItsSetting() {
    withEnvironment(
        Map.ofEntries(
            Map.entry("HERALD_DATA_DIR", "/var/lib/herald"),
            Map.entry("HERALD_EMBEDDED_DURABLE", "false"),
            Map.entry("HERALD_DATABASE_CONNECT_TIMEOUT", "3s"),
            Map.entry("HERALD_DATABASE_ACQUIRE_TIMEOUT", "4s"),
            Map.entry("HERALD_DATABASE_STATEMENT_TIMEOUT", "30s"),
            Map.entry("HERALD_DATABASE_HEALTH_TIMEOUT", "1s"),
            Map.entry("HERALD_API_MAX_BODY_SIZE", "2MB"),
            Map.entry("HERALD_EVENTS_POLL_INTERVAL", "7s"),
            Map.entry("HERALD_EVENTS_STREAM_HEARTBEAT", "20s"),
            Map.entry("HERALD_EVENTS_STREAM_TOKEN_TTL", "9m"),
            Map.entry("HERALD_WEBHOOKS_HTTPS_ONLY", "true"),
            Map.entry("HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true"),
            Map.entry("HERALD_WEBHOOKS_CONNECT_TIMEOUT", "2s"),
            Map.entry("HERALD_WEBHOOKS_TIMEOUT", "20s"),
            Map.entry("HERALD_WEBHOOKS_WORKERS", "false"),
            Map.entry("HERALD_GATHERINGS_JOIN_CODE_FAILURES", "3"),
            Map.entry("HERALD_GATHERINGS_JOIN_CODE_WINDOW", "2m"),
            Map.entry("HERALD_MAIL_FROM", "Invitations <invitations@example.com>"),
            Map.entry("HERALD_MAIL_WORKERS", "false"),
            Map.entry("HERALD_PUBLIC_BASE_URL", "https://herald.example.com"),
            Map.entry("HERALD_BOOTSTRAP_DEFAULT_PROJECT", "false")),
        context -> {
          // read as DatabaseEnvironmentPostProcessor, LiveEventFeed and DefaultProject read them
          assertThat(context.getEnvironment().getProperty("herald.data-dir"))
              .isEqualTo("/var/lib/herald");
          assertThat(context.getEnvironment().getProperty("herald.embedded.durable"))
              .isEqualTo("false");
          assertThat(context.getEnvironment().getProperty("herald.events.poll-interval"))
              .isEqualTo("7s");
          assertThat(context.getEnvironment().getProperty("herald.bootstrap.default-project"))
              .isEqualTo("false");
          assertThat(context.getBean(DatabaseProperties.class))
              .isEqualTo(
                  new DatabaseProperties(
                      Duration.ofSeconds(3),
                      Duration.ofSeconds(4),
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(1)));
          assertThat(context.getBean(ApiProperties.class).maxBodySize())
              .isEqualTo(DataSize.ofMegabytes(2));
          EventStreamProperties streams = context.getBean(EventStreamProperties.class);
          assertThat(streams.heartbeat()).isEqualTo(Duration.ofSeconds(20));
          assertThat(streams.tokenTtl()).isEqualTo(Duration.ofMinutes(9));
          WebhookProperties webhooks = context.getBean(WebhookProperties.class);
          assertThat(webhooks.httpsOnly()).isTrue();
          assertThat(webhooks.allowPrivateNetworks()).isTrue();
          assertThat(webhooks.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(webhooks.timeout()).isEqualTo(Duration.ofSeconds(20));
          assertThat(webhooks.workers()).isFalse();
          GatheringsProperties gatherings = context.getBean(GatheringsProperties.class);
          assertThat(gatherings.joinCodeFailures()).isEqualTo(3);
          assertThat(gatherings.joinCodeWindow()).isEqualTo(Duration.ofMinutes(2));
          InvitationMailProperties mail = context.getBean(InvitationMailProperties.class);
          assertThat(mail.from()).isEqualTo("Invitations <invitations@example.com>");
          assertThat(mail.workers()).isFalse();
          assertThat(mail.publicBaseUrl()).isEqualTo(URI.create("https://herald.example.com"));
        });
  }

  @Test
  void publicBaseUrl_withoutTheVariable_followsTheServersPort() {
    withEnvironment(
        Map.of("SERVER_PORT", "9090"),
        context ->
            assertThat(context.getBean(InvitationMailProperties.class).publicBaseUrl())
                .isEqualTo(URI.create("http://localhost:9090")));
  }

  /**
   * A default in {@code application.yml} would be a second one, beside its record's: the only one
   * there is {@code HERALD_PUBLIC_BASE_URL}'s, which follows the port (no record can say that).
   */
  @Test
  void applicationYml_writesNoDefaultOfItsOwn() throws IOException {
    String yml;
    try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
      yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher defaults = Pattern.compile("\\$\\{(HERALD_[A-Z_]+):([^}]+)}").matcher(yml);
    List<String> variables = defaults.results().map(found -> found.group(1)).toList();

    assertThat(variables).containsExactly("HERALD_PUBLIC_BASE_URL");
  }
}
