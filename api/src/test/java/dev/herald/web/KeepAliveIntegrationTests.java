package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive connection keeps serving requests after one that arrived while the previous one was
 * still finishing and that was answered at once, without any I/O (Reactor Netty 1.3.6 then stopped
 * reading the connection: the next request hung without an answer).
 */
class KeepAliveIntegrationTests extends ApiIntegrationTest {

  @Test
  void aConnectionKeepsReading_afterAPipelinedRequestAnsweredAtOnce() throws IOException {
    // an unknown answer is refused at once, without asking the database
    assertKeepsReading("maybe");
  }

  @Test
  void aConnectionKeepsReading_afterAPipelinedRequestAnsweredFromTheDatabase() throws IOException {
    assertKeepsReading("accept");
  }

  @Test
  void aConnectionKeepsReading_afterAPipelinedRequestForAnUnknownPath() throws IOException {
    assertKeepsReading(null);
  }

  /** A request that needs the database, then, pipelined, a GET of this answer, then another. */
  private void assertKeepsReading(String answer) throws IOException {
    String base = "/invitations/" + newProject().projectId() + "/nope/";
    String decline = request("POST", base + "decline");
    // an unknown path under a public prefix: answered 404 without a key, without I/O
    String maybe = request("GET", answer == null ? "/dashboard/nope" : base + answer);

    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();

      // both in one write: the second arrives while the first is being answered
      out.write((decline + maybe).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readStatus(in)).isEqualTo(404);
      assertThat(readStatus(in)).isEqualTo(404);

      // the next request on the same connection gets its answer too
      out.write(decline.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readStatus(in)).isEqualTo(404);
    }
  }

  private String request(String method, String path) {
    return method
        + " "
        + path
        + " HTTP/1.1\r\nHost: localhost:"
        + port
        + "\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n";
  }

  /** Reads one response (with a Content-Length body) and returns its status. */
  private static int readStatus(InputStream in) throws IOException {
    String head;
    try {
      head = readHead(in);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("The server did not answer a request on a kept-alive connection", e);
    }
    int contentLength = -1;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        contentLength = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(contentLength).as("Content-Length of %s", head).isNotNegative();
    assertThat(in.readNBytes(contentLength)).hasSize(contentLength);
    return Integer.parseInt(head.substring(9, 12));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("The server closed the connection: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
