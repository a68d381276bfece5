package dev.herald.api.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte on a socket of its own: a hostile request is sent as it is, with
 * the path, headers and body no client library would let through. One request per connection
 * ({@code Connection: close}); reads the answer to the end, with time limits on connect and read.
 */
final class RawHttp {

  /** An answer: its status, its content type (lower case, or empty) and its body. */
  record Answer(int status, String contentType, String body) {}

  /** The longest a request waits for its whole answer. */
  static final Duration DEADLINE = Duration.ofSeconds(15);

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  Answer send(String method, String rawTarget, Map<String, String> headers, byte[] body)
      throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    write(request, method + " " + rawTarget + " HTTP/1.1\r\n");
    write(request, "Host: localhost:" + port + "\r\nConnection: close\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      write(request, header.getKey() + ": " + header.getValue() + "\r\n");
    }
    if (body != null) {
      write(request, "Content-Length: " + body.length + "\r\n");
    }
    write(request, "\r\n");
    if (body != null) {
      request.write(body);
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout((int) DEADLINE.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.toByteArray());
        out.flush();
      } catch (IOException refusedWhileSending) {
        // the server may answer (413, 431) and close before a large request is written whole
      }
      return parse(readAll(socket));
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    // ISO-8859-1 keeps every char < 256 as one byte: a test can send any byte it means to
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Reads the answer to its end, or only its head when it is an event stream (which never ends);
   * gives up at {@link #DEADLINE}, returning what came.
   */
  private static byte[] readAll(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        answer.write(buffer, 0, n);
        String head = answer.toString(StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (end > 0
            && head.substring(0, end).toLowerCase(Locale.ROOT).contains("text/event-stream")) {
          break;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
      }
    } catch (java.net.SocketException | java.net.SocketTimeoutException endOfAnswer) {
      // a reset after the answer was written, or the deadline: what came is the answer
    }
    return answer.toByteArray();
  }

  private static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Answer(-1, "", text);
    }
    String head = text.substring(0, end);
    int status = Integer.parseInt(head.substring(9, 12));
    String type = "";
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
        type = line.substring(13).trim().toLowerCase(Locale.ROOT);
      }
    }
    String body = text.substring(end + 4);
    if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      body = unchunk(body);
    }
    return new Answer(
        status,
        type,
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int line = chunked.indexOf("\r\n", at);
      if (line < 0) {
        return body.toString();
      }
      int size = Integer.parseInt(chunked.substring(at, line).trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, line + 2, Math.min(chunked.length(), line + 2 + size));
      at = line + 2 + size + 2;
    }
  }
}
