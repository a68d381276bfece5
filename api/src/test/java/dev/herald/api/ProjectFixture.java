package dev.herald.api;

import dev.herald.api.ApiIntegrationTest.TestProject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project with one resource of every kind, for the tests that walk the route table: the ids by
 * the path variable that names them, and a fingerprint of every row the project owns, so a test can
 * show that a refused request changed nothing.
 */
public final class ProjectFixture {

  private static final JsonMapper JSON = JsonMapper.shared();

  private final TestProject project;
  private final WebTestClient api;
  private final DatabaseClient db;
  private final Map<String, String> ids = new LinkedHashMap<>();

  /** Creates the resources in {@code project} through the API, as its key. */
  public ProjectFixture(TestProject project, WebTestClient api, DatabaseClient db) {
    this.project = project;
    this.api = api;
    this.db = db;
    post("/v1/participants", Map.of("id", "p1", "displayName", "P"));
    String gathering =
        post("/v1/gatherings", Map.of("name", "G", "type", "lobby", "createdBy", "p1"))
            .get("id")
            .asString();
    String webhook =
        post(
                "/v1/webhooks",
                Map.of(
                    "url",
                    "http://127.0.0.1:9/never",
                    "eventTypes",
                    List.of("message.created"),
                    "enabled",
                    false))
            .get("id")
            .asString();
    String invitation =
        post(
                "/v1/gatherings/" + gathering + "/invitations",
                Map.of("participantIds", List.of("p1")))
            .get("data")
            .get(0)
            .get("id")
            .asString();
    ids.put("projectId", project.projectId());
    ids.put("keyId", project.keyId());
    ids.put("participantId", "p1");
    ids.put("gatheringId", gathering);
    ids.put("webhookId", webhook);
    ids.put("invitationId", invitation);
    ids.put("eventId", get("/v1/events").get("data").get(0).get("id").asString());
    ids.put("deliveryId", "dlv_01M86MY7WQ16BMAM4G2K8HQQ20");
    ids.put("sessionId", "ses_01M86MY7WQ16BMAM4G2K8HQQ20");
    ids.put("token", "x".repeat(43));
    ids.put("answer", "accept");
  }

  /** The resources' ids by path variable name ({@code gatheringId}, {@code webhookId}, …). */
  public Map<String, String> ids() {
    return Map.copyOf(ids);
  }

  /** POSTs a JSON body as the project, expecting a 2xx; its answer. */
  public JsonNode post(String uri, Object body) {
    return JSON.readTree(
        api.post()
            .uri(uri)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(body)
            .exchange()
            .expectStatus()
            .is2xxSuccessful()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  private JsonNode get(String uri) {
    return JSON.readTree(
        api.get()
            .uri(uri)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody());
  }

  /**
   * Every row of every table that belongs to the project (any table with a {@code project_id}), and
   * the count of projects and keys: what a refused request must not change.
   */
  public String fingerprint() {
    List<String> tables =
        db.sql(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'project_id'"
                    + " AND table_schema = 'public' ORDER BY table_name")
            .map(row -> row.get("table_name", String.class))
            .all()
            .collectList()
            .block(Duration.ofSeconds(10));
    StringBuilder sql = new StringBuilder("SELECT concat_ws('|'");
    for (String table : tables) {
      sql.append(", (SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), ''))")
          .append(" FROM ")
          .append(table)
          .append(" t WHERE t.project_id = :project)");
    }
    sql.append(", (SELECT count(*) FROM projects), (SELECT count(*) FROM api_keys)")
        .append(", (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL)) AS state");
    return db.sql(sql.toString())
        .bind("project", project.projectId())
        .map(row -> row.get("state", String.class))
        .one()
        .block(Duration.ofSeconds(10));
  }
}
