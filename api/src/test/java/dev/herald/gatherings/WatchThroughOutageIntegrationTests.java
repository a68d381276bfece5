package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.api.events.OpenStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

/**
 * A watch stream whose re-read of the list meets the database unavailable stays open and goes on
 * when the database answers again, as the event stream does. The outage is the re-read's own: the
 * test holds a lock on {@code gathering_members} so that the read waits until PostgreSQL cancels it
 * at its {@code statement_timeout} (an error classified as the database unavailable, which a
 * request answers 503 for), while the change that triggers the read and the feed that carries it go
 * through. (Freezing the whole server, as {@code DatabaseOutageIntegrationTests} does, cannot put
 * the outage between the feed's read and the watch's re-read, which follow each other at once.)
 */
@TestPropertySource(properties = "herald.database.statement-timeout=1s")
class WatchThroughOutageIntegrationTests extends GatheringTestSupport {

  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final String WAITING_READS =
      "SELECT query_start FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
          + " AND wait_event_type = 'Lock' AND query LIKE '%FROM gathering_members%'"
          + " AND query LIKE '%ORDER BY created_at, participant_id%'";

  @Value("${spring.flyway.url}")
  String jdbcUrl;

  @Value("${spring.flyway.user}")
  String jdbcUser;

  @Value("${spring.flyway.password}")
  String jdbcPassword;

  @Test
  void aReReadThatMeetsTheDatabaseUnavailable_waitsItOut_andTheStreamGoesOn() throws Exception {
    project = newProject();
    participant("p1");
    participant("p2");
    String id =
        created("/v1/gatherings", Map.of("name", "L", "type", "lobby", "createdBy", "p1"))
            .get("id")
            .asString();
    OpenStream stream =
        OpenStream.open(port, "/v1/gatherings/" + id + "/members/watch", project.apiKey());
    try {
      await().atMost(BOUND).until(() -> stream.data().size() == 1);

      try (Connection holder = transaction();
          Connection locker = transaction()) {
        // the feed sees an event once every older transaction has ended: one held open from
        // before the change keeps the change's event from the watch until the lock is in place
        execute(holder, "SELECT pg_current_xact_id()");
        // an event of the gathering that needs no member row: the watch will read the list again
        patch("/v1/gatherings/" + id, Map.of("name", "Renamed")).expectStatus().isOk();
        execute(locker, "LOCK TABLE gathering_members IN ACCESS EXCLUSIVE MODE");
        holder.rollback();

        // the read waits, is cancelled at the statement timeout, and is tried again
        Set<Object> reads = new HashSet<>();
        await().atMost(BOUND).until(() -> waitingReads(reads) >= 2);
        assertThat(stream.ended()).isFalse();
        locker.rollback();
      }

      // the stream goes on: the next change arrives
      created("/v1/gatherings/" + id + "/members", Map.of("participantId", "p2"));
      await().atMost(BOUND).until(() -> stream.data().size() == 2);
      assertThat(stream.data().get(1)).contains("\"participantId\":\"p2\"");
      assertThat(stream.ended()).isFalse();
    } finally {
      stream.close();
    }
  }

  private Connection transaction() throws Exception {
    Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
    connection.setAutoCommit(false);
    return connection;
  }

  private static void execute(Connection connection, String statement) throws Exception {
    try (Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }

  /** Adds the start times of the watch's reads waiting on the lock now; how many there were. */
  private int waitingReads(Set<Object> seen) throws Exception {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        Statement sql = connection.createStatement();
        ResultSet rows = sql.executeQuery(WAITING_READS)) {
      while (rows.next()) {
        seen.add(rows.getObject(1));
      }
    }
    return seen.size();
  }
}
