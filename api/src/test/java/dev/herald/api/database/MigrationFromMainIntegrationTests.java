package dev.herald.api.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.HeraldApplication;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.MemberRepository;
import dev.herald.gatherings.participants.ParticipantRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A database made by Herald before gatherings became a module of their own (the migrations of main
 * on 2026-12-03, copied under {@code db/main-2026-12-03}), with a gathering in it and an
 * appointment job Quartz stored under the job's old class name, migrates cleanly when Herald starts
 * on it: the moved migrations' checksums still match, the data is there, and the job loads.
 */
class MigrationFromMainIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String SCHEDULER = "herald-migration";

  @TempDir static Path dataDir;
  private static EmbeddedPostgres postgres;
  private static ConfigurableApplicationContext herald;

  @BeforeAll
  static void startHeraldOnADatabaseOfMain() throws Exception {
    postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg")).start();
    DataSource database = postgres.getPostgresDatabase();
    Flyway.configure()
        .dataSource(database)
        .locations("classpath:db/main-2026-12-03")
        .load()
        .migrate();
    try (Connection connection = database.getConnection();
        Statement sql = connection.createStatement()) {
      sql.execute("INSERT INTO tenants (id, name) VALUES ('ten_main', 'main')");
      sql.execute(
          "INSERT INTO projects (id, tenant_id, name) VALUES ('prj_main', 'ten_main', 'm')");
      sql.execute(
          "INSERT INTO participants (project_id, id, display_name) VALUES ('prj_main', 'p1', 'Ann')");
      sql.execute(
          "INSERT INTO gatherings (project_id, id, name, type, status, join_code)"
              + " VALUES ('prj_main', 'gat_main', 'Before the split', 'lobby', 'waiting',"
              + " 'ABCD1234')");
      sql.execute(
          "INSERT INTO gathering_members (project_id, gathering_id, participant_id, role, state,"
              + " present_since) VALUES ('prj_main', 'gat_main', 'p1', 'owner', 'joined', now())");
      sql.execute(
          "INSERT INTO api_keys (id, project_id, key_hash, key_prefix)"
              + " VALUES ('key_main', 'prj_main', '\\x01', 'hrd_main')");
      // a stream token minted before V19 (no key) and one after it
      sql.execute(
          "INSERT INTO stream_tokens (token_hash, project_id, expires_at)"
              + " VALUES ('\\x02', 'prj_main', now() + interval '5 minutes')");
      sql.execute(
          "INSERT INTO stream_tokens (token_hash, project_id, key_id, expires_at)"
              + " VALUES ('\\x03', 'prj_main', 'key_main', now() + interval '5 minutes')");
      // as AppointmentSchedule on main stored an appointment's start job
      sql.execute(
          "INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name,"
              + " is_durable, is_nonconcurrent, is_update_data, requests_recovery) VALUES ('"
              + SCHEDULER
              + "', 'gat_main/start', 'appointments', 'dev.herald.api.gatherings.AppointmentJob',"
              + " false, false, false, false)");
    }
    herald =
        new SpringApplicationBuilder(HeraldApplication.class)
            .run(
                "--herald.database-url=postgresql://postgres@localhost:"
                    + postgres.getPort()
                    + "/postgres",
                "--herald.data-dir=" + dataDir.resolve("herald"),
                "--server.port=0",
                "--herald.bootstrap.default-project=false",
                "--herald.webhooks.workers=false",
                "--herald.mail.workers=false",
                "--spring.quartz.scheduler-name=" + SCHEDULER);
  }

  @AfterAll
  static void stop() throws Exception {
    if (herald != null) {
      herald.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theHistoryOfMain_validatesAgainstTheNewLayout_andTheModulesMigrationApplies() {
    Flyway flyway = herald.getBean(Flyway.class);

    assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
    // main's history, then the module's V1000 and whatever later migrations there are
    assertThat(Arrays.stream(flyway.info().applied()).map(m -> m.getVersion().getVersion()))
        .containsSubsequence(
            "1", "2", "3", "4", "5", "10", "11", "12", "15", "16", "17", "18", "19", "1000");
    assertThat(flyway.info().applied()).allMatch(m -> m.getState().isApplied());
    assertThat(Arrays.stream(flyway.info().pending()).map(MigrationInfo::getScript)).isEmpty();
  }

  @Test
  void theGatheringsOfMain_areReadByTheGatheringsModule() {
    String projectId = "prj_main";

    assertThat(herald.getBean(GatheringRepository.class).find(projectId, "gat_main").block(BOUND))
        .satisfies(g -> assertThat(g.name()).isEqualTo("Before the split"));
    assertThat(
            herald.getBean(MemberRepository.class).countPresent(projectId, "gat_main").block(BOUND))
        .isEqualTo(1L);
    assertThat(herald.getBean(ParticipantRepository.class).find(projectId, "p1").block(BOUND))
        .isNotNull();
  }

  @Test
  void streamTokensWithoutAKey_areGone_andTheOthersStay() {
    DatabaseClient db = herald.getBean(DatabaseClient.class);

    assertThat(
            db.sql("SELECT encode(token_hash, 'hex') AS hash FROM stream_tokens ORDER BY 1")
                .map(row -> row.get("hash", String.class))
                .all()
                .collectList()
                .block(BOUND))
        .containsExactly("03");
  }

  @Test
  void anAppointmentJobStoredByMain_loadsUnderTheJobsNewClass() throws Exception {
    Scheduler scheduler = herald.getBean(Scheduler.class);

    assertThat(
            scheduler.getJobDetail(JobKey.jobKey("gat_main/start", "appointments")).getJobClass())
        .hasToString("class dev.herald.gatherings.AppointmentJob");
  }
}
