package dev.herald.web;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests Netty cannot decode (too long, too large, not HTTP) get a problem+json answer like any
 * other refusal, not Reactor Netty's empty one; sent over a raw socket, as no HTTP client sends
 * them.
 */
class DecodingFailuresIntegrationTests extends ApiIntegrationTest {

  private record Answer(int status, String headers, JsonNode problem) {}

  private Answer send(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(ISO_8859_1));
      socket.getOutputStream().flush();
      // the server closes the connection after the answer: reading to the end is bounded by it
      String response = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      int end = response.indexOf("\r\n\r\n");
      String head = response.substring(0, end);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Answer(status, head, JsonMapper.shared().readTree(response.substring(end + 4)));
    }
  }

  private static void assertProblem(Answer answer, int status) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.headers().toLowerCase())
        .contains("content-type: application/problem+json")
        .contains("connection: close");
    assertThat(answer.problem().get("status").asInt()).isEqualTo(status);
    assertThat(answer.problem().get("type").asString()).startsWith("urn:herald:problem:");
    assertThat(answer.problem().get("detail").asString()).isNotBlank();
  }

  @Test
  void uriTooLong_isA414ProblemDocument() throws IOException {
    Answer answer =
        send("GET /v1/events?x=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertProblem(answer, 414);
  }

  @Test
  void headersTooLarge_areA431ProblemDocument() throws IOException {
    Answer answer =
        send(
            "GET /v1/events HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "a".repeat(10_000)
                + "\r\n\r\n");

    assertProblem(answer, 431);
  }

  @Test
  void controlCharacterInTheRequestLine_isA400ProblemDocument() throws IOException {
    Answer answer =
        send("GET /v1/ev\u0001ents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertProblem(answer, 400);
  }

  @Test
  void malformedEscapeInTheUri_isA400ProblemDocument() throws IOException {
    Answer answer = send("GET /v1/events?x=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");

    assertProblem(answer, 400);
  }

  @Test
  void nulInAHeaderValue_isA400ProblemDocument() throws IOException {
    Answer answer =
        send("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nIdempotency-Key: a\u0000b\r\n\r\n");

    assertProblem(answer, 400);
  }

  @Test
  void requestsWithinTheLimits_areServedAsBefore() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 200");
    }
  }
}
