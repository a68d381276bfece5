package dev.herald.storage.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.projects.ProjectRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(properties = "herald.data-dir=target/test-herald-data")
class EventLogIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(10);

  @Autowired EventLog log;
  @Autowired EventSignals signals;
  @Autowired ProjectRepository projects;
  @Autowired TransactionalOperator tx;

  @Value("${spring.flyway.url}")
  String jdbcUrl;

  @Value("${spring.flyway.user}")
  String jdbcUser;

  @Value("${spring.flyway.password}")
  String jdbcPassword;

  private ProjectRef project;

  @BeforeEach
  void newProject() {
    project = projects.create(null, "tenant", "project").block(BOUND).project();
  }

  private static NewEvent event(String type) {
    return new NewEvent(
        type,
        "herald:test",
        "gathering:g1",
        EventPayload.occurred(JsonMapper.shared().createObjectNode()));
  }

  private List<StoredEvent> readAll(LogPosition from) {
    return log.readAfter(project.projectId(), from, List.of(), List.of(), 100)
        .collectList()
        .block(BOUND);
  }

  @Test
  void appendedEvent_readsBackEqual() {
    StoredEvent stored = log.append(project, event("gathering.started")).block(BOUND);

    StoredEvent found = log.find(project.projectId(), stored.event().id()).block(BOUND);

    assertThat(found).isEqualTo(stored);
    assertThat(found.event().tenantId()).isEqualTo(project.tenantId());
  }

  @Test
  void sequences_increase() {
    StoredEvent first = log.append(project, event("gathering.started")).block(BOUND);
    StoredEvent second = log.append(project, event("gathering.ended")).block(BOUND);

    assertThat(second.sequence()).isGreaterThan(first.sequence());
  }

  @Test
  void rolledBackTransaction_leavesNoEvent() {
    LogPosition before = log.head().block(BOUND);

    Mono<StoredEvent> failingWrite =
        log.append(project, event("gathering.started"))
            .then(Mono.<StoredEvent>error(new IllegalStateException("the state change failed")))
            .as(tx::transactional);

    StepVerifier.create(failingWrite).expectError(IllegalStateException.class).verify(BOUND);
    assertThat(readAll(before)).isEmpty();
    assertThat(
            log.list(project.projectId(), new EventQuery(List.of(), List.of(), null, null, 10))
                .collectList()
                .block(BOUND))
        .isEmpty();
  }

  @Test
  void eventsOfOneTransaction_commitTogether() {
    LogPosition before = log.head().block(BOUND);

    log.append(project, event("gathering.started"))
        .then(log.append(project, event("session.created")))
        .as(tx::transactional)
        .block(BOUND);

    assertThat(readAll(before))
        .extracting(e -> e.event().type())
        .containsExactly("gathering.started", "session.created");
  }

  @Test
  void readAfter_neverSkipsAnEventWhoseTransactionCommitsLate() throws SQLException {
    LogPosition start = log.head().block(BOUND);
    try (Connection early = connect();
        Connection late = connect()) {
      // 'early' takes its transaction id first, 'late' then writes the lower sequence
      execute(
          early, "INSERT INTO tenants (id, name) VALUES ('ten_tx_" + System.nanoTime() + "', 'x')");
      execute(late, insertEvent("evt_late_" + System.nanoTime(), "gathering.ended"));
      execute(early, insertEvent("evt_early_" + System.nanoTime(), "gathering.started"));
      early.commit();

      List<StoredEvent> whileLateIsOpen = readAll(start);
      assertThat(whileLateIsOpen)
          .extracting(e -> e.event().type())
          .containsExactly("gathering.started");

      late.commit();
      LogPosition cursor = whileLateIsOpen.get(0).position();
      assertThat(readAll(cursor))
          .extracting(e -> e.event().type())
          .containsExactly("gathering.ended");
    }
  }

  @Test
  void readAfter_holdsBackEventsBehindAnOpenTransaction() throws SQLException {
    LogPosition start = log.head().block(BOUND);
    try (Connection open = connect()) {
      execute(open, insertEvent("evt_open_" + System.nanoTime(), "gathering.started"));

      log.append(project, event("gathering.ended")).block(BOUND);
      assertThat(readAll(start)).isEmpty();

      open.commit();
      assertThat(readAll(start))
          .extracting(e -> e.event().type())
          .containsExactly("gathering.started", "gathering.ended");
    }
  }

  @Test
  void hasHeldBack_tellsOfCommittedEventsBehindAnOpenTransaction() throws SQLException {
    LogPosition start = log.head().block(BOUND);
    try (Connection open = connect()) {
      execute(
          open, "INSERT INTO tenants (id, name) VALUES ('ten_hb_" + System.nanoTime() + "', 'x')");
      assertThat(log.hasHeldBack(project.projectId(), start).block(BOUND)).isFalse();

      log.append(project, event("gathering.ended")).block(BOUND);
      assertThat(readAll(start)).isEmpty();
      assertThat(log.hasHeldBack(project.projectId(), start).block(BOUND)).isTrue();

      open.commit();
      assertThat(log.hasHeldBack(project.projectId(), start).block(BOUND)).isFalse();
      assertThat(readAll(start)).hasSize(1);
    }
  }

  @Test
  void readEntriesAfter_givesTheFanOutTypeAndPosition_inLogOrder_holdingBackLateCommits()
      throws SQLException {
    LogPosition start = log.head().block(BOUND);
    try (Connection open = connect()) {
      execute(open, insertEvent("evt_entry_" + System.nanoTime(), "gathering.started"));
      StoredEvent appended = log.append(project, event("gathering.ended")).block(BOUND);
      assertThat(entriesOfThisProject(start)).isEmpty();

      open.commit();
      List<LogEntry> entries = entriesOfThisProject(start);
      assertThat(entries)
          .extracting(LogEntry::type)
          .containsExactly("gathering.started", "gathering.ended");
      assertThat(entries.get(1))
          .isEqualTo(
              new LogEntry(
                  project.projectId(),
                  appended.event().id(),
                  "gathering.ended",
                  appended.position()));
    }
  }

  private List<LogEntry> entriesOfThisProject(LogPosition after) {
    return log.readEntriesAfter(after, 1000)
        .filter(entry -> entry.projectId().equals(project.projectId()))
        .collectList()
        .block(BOUND);
  }

  @Test
  void readAfter_filtersByExactTypeAndPrefix() {
    LogPosition start = log.head().block(BOUND);
    log.append(project, event("gathering.member.joined")).block(BOUND);
    log.append(project, event("participant.joined")).block(BOUND);
    log.append(project, event("gathering.ended")).block(BOUND);
    log.append(project, event("session.created")).block(BOUND);

    List<StoredEvent> matched =
        log.readAfter(
                project.projectId(),
                start,
                List.of("session.created"),
                List.of("gathering.member."),
                100)
            .collectList()
            .block(BOUND);

    assertThat(matched)
        .extracting(e -> e.event().type())
        .containsExactly("gathering.member.joined", "session.created");
  }

  @Test
  void anotherProjectsEvents_areNotRead() {
    ProjectRef other = projects.create(null, "tenant", "other").block(BOUND).project();
    LogPosition start = log.head().block(BOUND);

    log.append(other, event("gathering.started")).block(BOUND);

    assertThat(readAll(start)).isEmpty();
    assertThat(
            log.find(
                    project.projectId(),
                    log.append(other, event("gathering.ended")).block(BOUND).event().id())
                .block(BOUND))
        .isNull();
  }

  @Test
  void committedEvent_signalsItsProject() {
    StepVerifier.create(
            signals.forProject(project.projectId()).filter(project.projectId()::equals).next())
        .then(() -> log.append(project, event("gathering.started")).block(BOUND))
        .expectNext(project.projectId())
        .verifyComplete();
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
    connection.setAutoCommit(false);
    return connection;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String insertEvent(String id, String type) {
    return "INSERT INTO events (project_id, id, tenant_id, type, source, resource_id, occurred_at, action, data)"
        + " VALUES ('"
        + project.projectId()
        + "', '"
        + id
        + "', '"
        + project.tenantId()
        + "', '"
        + type
        + "', 'herald:test', 'gathering:g1', now(), 'occurred', '{}')";
  }
}
