package dev.herald.api;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the HTTP-level tests: the whole application on a random port, on a real PostgreSQL
 * (embedded under {@code target/}, or {@code HERALD_DATABASE_URL} when set). Every test works in
 * projects of its own, made through the admin API, so tests never see each other's data.
 */
@SpringBootTest(
    // named, not found by package: tests of the gatherings module's features live in its packages
    classes = HeraldApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "herald.data-dir=target/test-herald-data",
      "herald.admin.token=" + ApiIntegrationTest.ADMIN_TOKEN,
      "herald.bootstrap.default-project=false",
      "herald.events.poll-interval=1h",
      "herald.events.stream.heartbeat=1s",
      "herald.webhooks.allow-private-networks=true",
      "herald.webhooks.retry-schedule=0s,300ms,2s",
      "herald.webhooks.jitter=0",
      "herald.webhooks.connect-timeout=1s",
      "herald.webhooks.timeout=2s",
      "herald.webhooks.lease=5s",
      "herald.webhooks.poll-interval=100ms",
      "herald.mail.retry-schedule=0s,300ms,1s",
      "herald.mail.jitter=0",
      "herald.mail.poll-interval=200ms",
      "herald.mail.public-base-url=http://herald.test",
      "herald.mail.from=Test Herald <invitations@herald.test>",
      "spring.mail.host=127.0.0.1",
      // Quartz registers its JDBC pool JVM-wide by scheduler name: contexts on other databases in
      // this JVM (restart tests on a temporary data dir) must not share this name
      "spring.quartz.scheduler-name=herald-test"
    })
public abstract class ApiIntegrationTest {

  public static final String ADMIN_TOKEN = "test-admin-token";

  @LocalServerPort protected int port;

  /** Every test context sends its emails to one GreenMail server. */
  @DynamicPropertySource
  static void smtp(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.port", () -> TestSmtp.shared().port());
  }

  protected WebTestClient http;

  @BeforeEach
  void connect() {
    http =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .build();
  }

  /** A project of this test's own, with the secret of its API key. */
  public record TestProject(
      String tenantId, String projectId, String name, String keyId, String apiKey) {}

  protected TestProject newProject() {
    return newProject(null);
  }

  protected TestProject newProject(String tenantId) {
    Map<String, Object> body =
        tenantId == null
            ? Map.of("name", "test project")
            : Map.of("name", "test project", "tenantId", tenantId);
    return http.post()
        .uri("/admin/projects")
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectBody(TestProject.class)
        .returnResult()
        .getResponseBody();
  }

  /**
   * A client for event streams: every stream on a connection of its own, closed when the stream is
   * cancelled, so a half-read stream is never handed to the next request from a shared pool.
   */
  protected WebClient streamingClient() {
    return WebClient.builder()
        .baseUrl("http://localhost:" + port)
        .clientConnector(
            new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
        .build();
  }

  /** A client that sends this project's API key. */
  protected WebTestClient as(TestProject project) {
    return http.mutate().defaultHeader("Authorization", "Bearer " + project.apiKey()).build();
  }

  /** {@code GET uri} with the project's key, answered 200: its body. */
  protected JsonNode getJson(TestProject project, String uri) {
    return JsonMapper.shared()
        .readTree(
            as(project)
                .get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
  }

  /** A key issued through the admin API: its id and its secret. */
  public record IssuedKey(String id, String apiKey) {}

  /** Another key of the project. */
  protected IssuedKey newKey(TestProject project) {
    JsonNode key =
        readJson(
            http.post()
                .uri("/admin/projects/{id}/keys", project.projectId())
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .exchange()
                .expectStatus()
                .isCreated());
    return new IssuedKey(key.get("id").asString(), key.get("apiKey").asString());
  }

  /** Revokes a key through the admin API. */
  protected void revoke(String keyId) {
    http.delete()
        .uri("/admin/keys/{id}", keyId)
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .exchange()
        .expectStatus()
        .isNoContent();
  }

  /** A stream token minted by the project's key. */
  protected String streamToken(TestProject project) {
    return readJson(
            as(project)
                .post()
                .uri("/v1/events/stream-tokens")
                .exchange()
                .expectStatus()
                .isCreated())
        .get("token")
        .asString();
  }

  /** A new lobby of the project; its id. */
  protected String newLobby(TestProject project) {
    return readJson(
            as(project)
                .post()
                .uri("/v1/gatherings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Standup", "type", "lobby"))
                .exchange()
                .expectStatus()
                .isCreated())
        .get("id")
        .asString();
  }

  private static JsonNode readJson(WebTestClient.ResponseSpec response) {
    return JsonMapper.shared().readTree(response.expectBody().returnResult().getResponseBody());
  }
}
