package dev.herald.storage.events;

import dev.herald.storage.ids.Ids;
import dev.herald.storage.projects.ProjectRef;
import io.r2dbc.spi.Readable;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only domain event log (the transactional outbox). Features append inside their own
 * R2DBC transaction, so a state change and its event commit together or not at all; after the
 * commit, {@link EventSignals} wakes the readers on every Herald instance.
 */
@Repository
public class EventLog {

  static final String COLUMNS = EventRows.columns(null, "");

  private final DatabaseClient db;
  private final JsonMapper json;
  private final EventSignals signals;
  private final Clock clock = Clock.systemUTC();

  public EventLog(DatabaseClient db, JsonMapper json, EventSignals signals) {
    this.db = db;
    this.json = json;
    this.signals = signals;
  }

  /**
   * Appends an event to the log within the caller's transaction (if any) and returns it as stored.
   */
  public Mono<StoredEvent> append(ProjectRef project, NewEvent event) {
    return appendAll(List.of(project), List.of(event)).map(stored -> stored.get(0));
  }

  /**
   * Appends many events (of any projects) in one statement, within the caller's transaction if
   * there is one (otherwise the statement is its own); {@code projects.get(i)} owns {@code
   * events.get(i)}. Emits the stored events in the same order.
   */
  public Mono<List<StoredEvent>> appendAll(List<ProjectRef> projects, List<NewEvent> events) {
    if (events.isEmpty()) {
      return Mono.just(List.of());
    }
    int n = events.size();
    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
    List<DomainEvent> envelopes = new ArrayList<>(n);
    String[] projectIds = new String[n];
    String[] ids = new String[n];
    String[] tenants = new String[n];
    String[] types = new String[n];
    String[] sources = new String[n];
    String[] resources = new String[n];
    String[] actions = new String[n];
    String[] data = new String[n];
    String[] changes = new String[n];
    for (int k = 0; k < n; k++) {
      NewEvent event = events.get(k);
      ProjectRef project = projects.get(k);
      DomainEvent envelope =
          new DomainEvent(
              Ids.newId("evt"),
              event.type(),
              event.source(),
              project.tenantId(),
              project.projectId(),
              event.resourceId(),
              now,
              event.payload());
      envelopes.add(envelope);
      projectIds[k] = envelope.projectId();
      ids[k] = envelope.id();
      tenants[k] = envelope.tenantId();
      types[k] = envelope.type();
      sources[k] = envelope.source();
      resources[k] = envelope.resourceId();
      actions[k] = envelope.payload().action().wireName();
      data[k] = toJson(envelope.payload().data());
      changes[k] =
          envelope.payload().changes() == null ? null : toJson(envelope.payload().changes());
    }
    return db.sql(
            "INSERT INTO events (project_id, id, tenant_id, type, source, resource_id,"
                + " occurred_at, action, data, changes)"
                + " SELECT p, i, t, ty, s, r, :occurredAt, a, CAST(d AS json), CAST(c AS json)"
                + " FROM unnest(CAST(:projects AS text[]), CAST(:ids AS text[]),"
                + " CAST(:tenants AS text[]), CAST(:types AS text[]), CAST(:sources AS text[]),"
                + " CAST(:resources AS text[]), CAST(:actions AS text[]), CAST(:data AS text[]),"
                + " CAST(:changes AS text[])) AS x(p, i, t, ty, s, r, a, d, c)"
                + " RETURNING id, seq, txid::text AS txid")
        .bind("occurredAt", now.atOffset(java.time.ZoneOffset.UTC))
        .bind("projects", projectIds)
        .bind("ids", ids)
        .bind("tenants", tenants)
        .bind("types", types)
        .bind("sources", sources)
        .bind("resources", resources)
        .bind("actions", actions)
        .bind("data", data)
        .bind("changes", changes)
        .map(
            row ->
                Map.entry(
                    row.get("id", String.class),
                    new LogPosition(parseTxid(row), row.get("seq", Long.class))))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(
            positions ->
                envelopes.stream().map(e -> new StoredEvent(e, positions.get(e.id()))).toList())
        .flatMap(
            stored ->
                Flux.fromIterable(new java.util.LinkedHashSet<>(List.of(projectIds)))
                    .concatMap(signals::eventsCommitted)
                    .then(Mono.just(stored)));
  }

  /** One event of the project by its id. */
  public Mono<StoredEvent> find(String projectId, String eventId) {
    return db.sql("SELECT " + COLUMNS + " FROM events WHERE project_id = :projectId AND id = :id")
        .bind("projectId", projectId)
        .bind("id", eventId)
        .map(this::toStoredEvent)
        .one();
  }

  /** One event of the project by its sequence. */
  public Mono<StoredEvent> findBySequence(String projectId, long sequence) {
    return db.sql("SELECT " + COLUMNS + " FROM events WHERE project_id = :projectId AND seq = :seq")
        .bind("projectId", projectId)
        .bind("seq", sequence)
        .map(this::toStoredEvent)
        .one();
  }

  /** A page of the project's events in sequence order. */
  public Flux<StoredEvent> list(String projectId, EventQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE project_id = :projectId");
    if (query.resourceId() != null) {
      sql.append(" AND resource_id = :resourceId");
    }
    if (query.afterSequence() != null) {
      sql.append(" AND seq > :after");
    }
    appendTypeFilter(sql, query.exactTypes(), query.typePrefixes());
    sql.append(" ORDER BY seq LIMIT :limit");
    DatabaseClient.GenericExecuteSpec spec =
        bindTypeFilter(db.sql(sql.toString()), query.exactTypes(), query.typePrefixes())
            .bind("projectId", projectId)
            .bind("limit", query.limit());
    if (query.resourceId() != null) {
      spec = spec.bind("resourceId", query.resourceId());
    }
    if (query.afterSequence() != null) {
      spec = spec.bind("after", query.afterSequence());
    }
    return spec.map(this::toStoredEvent).all();
  }

  /**
   * The position before every event not yet visible to readers: following the log from here misses
   * nothing committed from now on.
   */
  public Mono<LogPosition> head() {
    return db.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin")
        .map(row -> new LogPosition(Long.parseUnsignedLong(row.get("xmin", String.class)), 0))
        .one();
  }

  /**
   * The project's events after {@code position}, in log order, up to {@code limit}, holding back
   * any whose transaction (or an older one) is still running so that none can be skipped.
   */
  public Flux<StoredEvent> readAfter(
      String projectId,
      LogPosition position,
      List<String> exactTypes,
      List<String> typePrefixes,
      int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + COLUMNS
                + " FROM events WHERE project_id = :projectId"
                + " AND (txid, seq) > (CAST(:txid AS xid8), :seq)"
                + " AND txid < pg_snapshot_xmin(pg_current_snapshot())");
    appendTypeFilter(sql, exactTypes, typePrefixes);
    sql.append(" ORDER BY txid, seq LIMIT :limit");
    return bindTypeFilter(db.sql(sql.toString()), exactTypes, typePrefixes)
        .bind("projectId", projectId)
        .bind("txid", Long.toUnsignedString(position.txid()))
        .bind("seq", position.seq())
        .bind("limit", limit)
        .map(this::toStoredEvent)
        .all();
  }

  /**
   * Every project's events after {@code position} in log order, holding back those behind a running
   * transaction (see {@link #readAfter}); for the webhook fan-out, which needs no event's data.
   */
  public Flux<LogEntry> readEntriesAfter(LogPosition position, int limit) {
    return db.sql(
            "SELECT project_id, id, type, txid::text AS txid, seq"
                + " FROM events WHERE (txid, seq) > (CAST(:txid AS xid8), :seq)"
                + " AND txid < pg_snapshot_xmin(pg_current_snapshot())"
                + " ORDER BY txid, seq LIMIT :limit")
        .bind("txid", Long.toUnsignedString(position.txid()))
        .bind("seq", position.seq())
        .bind("limit", limit)
        .map(
            row ->
                new LogEntry(
                    row.get("project_id", String.class),
                    row.get("id", String.class),
                    row.get("type", String.class),
                    new LogPosition(parseTxid(row), row.get("seq", Long.class))))
        .all();
  }

  /**
   * Whether events after {@code position} exist that readers cannot see yet because their
   * transaction, or an older one, is still running: then reading again shortly will find more.
   *
   * @param projectId the project, or {@code null} for every project
   */
  public Mono<Boolean> hasHeldBack(String projectId, LogPosition position) {
    return db.sql(
            "SELECT EXISTS (SELECT 1 FROM events WHERE "
                + (projectId == null ? "" : "project_id = :projectId AND ")
                + "(txid, seq) > (CAST(:txid AS xid8), :seq)"
                + " AND txid >= pg_snapshot_xmin(pg_current_snapshot())) AS held")
        .bindValues(
            projectId == null
                ? java.util.Map.of(
                    "txid", Long.toUnsignedString(position.txid()), "seq", position.seq())
                : java.util.Map.of(
                    "projectId",
                    projectId,
                    "txid",
                    Long.toUnsignedString(position.txid()),
                    "seq",
                    position.seq()))
        .map(row -> Boolean.TRUE.equals(row.get("held", Boolean.class)))
        .one();
  }

  private static void appendTypeFilter(
      StringBuilder sql, List<String> exactTypes, List<String> typePrefixes) {
    List<String> alternatives = new ArrayList<>();
    if (!exactTypes.isEmpty()) {
      alternatives.add("type = ANY(:exactTypes)");
    }
    if (!typePrefixes.isEmpty()) {
      alternatives.add(
          "EXISTS (SELECT 1 FROM unnest(CAST(:typePrefixes AS text[])) p WHERE starts_with(type, p))");
    }
    if (!alternatives.isEmpty()) {
      sql.append(" AND (").append(String.join(" OR ", alternatives)).append(')');
    }
  }

  private static DatabaseClient.GenericExecuteSpec bindTypeFilter(
      DatabaseClient.GenericExecuteSpec spec, List<String> exactTypes, List<String> typePrefixes) {
    if (!exactTypes.isEmpty()) {
      spec = spec.bind("exactTypes", exactTypes.toArray(String[]::new));
    }
    if (!typePrefixes.isEmpty()) {
      spec = spec.bind("typePrefixes", typePrefixes.toArray(String[]::new));
    }
    return spec;
  }

  private StoredEvent toStoredEvent(Readable row) {
    return EventRows.read(row, "", json);
  }

  private static long parseTxid(Readable row) {
    return Long.parseUnsignedLong(row.get("txid", String.class));
  }

  // Bound as text and cast to json in SQL: a jsonb-typed parameter would reorder the keys.
  private String toJson(JsonNode node) {
    return json.writeValueAsString(node);
  }
}
