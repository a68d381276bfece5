package dev.herald.sdkjs;

import dev.herald.harness.HeraldProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the seed's join-code snippet needs to run as written: a project with an open gathering whose
 * code is {@code ABCD-1234}. Join codes are random and the API offers no way to choose one, so the
 * gathering is made through the API and its code then set in Herald's embedded database.
 */
record JoinCodeFixture(String apiKey, String gatheringId) {

  static final String CODE = "ABCD1234";

  private static final Pattern API_KEY = Pattern.compile("\"apiKey\":\"([^\"]+)\"");
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  static JoinCodeFixture create(HeraldProcess herald, Path workDir)
      throws IOException, InterruptedException, SQLException {
    String project =
        post(herald, "/admin/projects", HeraldProcess.ADMIN_TOKEN, "{\"name\":\"join code\"}");
    String apiKey = group(API_KEY, project);
    String gathering =
        post(herald, "/v1/gatherings", apiKey, "{\"name\":\"Friday drop-in\",\"type\":\"open\"}");
    String gatheringId = group(ID, gathering);
    try (Connection db = embeddedDatabase(workDir);
        PreparedStatement update =
            db.prepareStatement("UPDATE gatherings SET join_code = ? WHERE id = ?")) {
      update.setString(1, CODE);
      update.setString(2, gatheringId);
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("no gathering " + gatheringId + " in the database");
      }
    }
    return new JoinCodeFixture(apiKey, gatheringId);
  }

  /** Herald's embedded PostgreSQL: its port is the fourth line of postmaster.pid. */
  private static Connection embeddedDatabase(Path workDir) throws IOException, SQLException {
    Path pid = HeraldProcess.dataDir(workDir).resolve("postgres").resolve("postmaster.pid");
    List<String> lines = Files.readAllLines(pid);
    String port = lines.get(3).trim();
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
  }

  private static String post(HeraldProcess herald, String path, String bearer, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(herald.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String group(Pattern pattern, String body) {
    Matcher matcher = pattern.matcher(body);
    if (!matcher.find()) {
      throw new IllegalStateException(pattern + " not in " + body);
    }
    return matcher.group(1);
  }
}
