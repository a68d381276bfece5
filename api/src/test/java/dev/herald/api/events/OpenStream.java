package dev.herald.api.events;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

/** A stream a test holds open: what it has received, and whether the server has ended it. */
public final class OpenStream {

  private static final JsonMapper JSON = JsonMapper.shared();

  private final Queue<ServerSentEvent<String>> received = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Disposable connection;

  private OpenStream(int port, String uri, String bearer) {
    WebClient client =
        WebClient.builder()
            .baseUrl("http://localhost:" + port)
            // a connection of its own, closed with the stream
            .clientConnector(
                new ReactorClientHttpConnector(
                    HttpClient.create(ConnectionProvider.newConnection())))
            .build();
    WebClient.RequestHeadersSpec<?> request =
        client.get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM);
    if (bearer != null) {
      request = request.header("Authorization", "Bearer " + bearer);
    }
    connection =
        request
            .retrieve()
            .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .doFinally(signal -> ended.set(true))
            .subscribe(received::add, error -> {});
  }

  /** Opens a stream without waiting for it to start. */
  public static OpenStream connect(int port, String uri, String bearer) {
    return new OpenStream(port, uri, bearer);
  }

  /** Opens a stream and waits for its first heartbeat, which proves it has taken its position. */
  public static OpenStream open(int port, String uri, String bearer) {
    OpenStream stream = connect(port, uri, bearer);
    await().atMost(Duration.ofSeconds(15)).until(stream::heardHeartbeat);
    return stream;
  }

  public boolean heardHeartbeat() {
    return received.stream().anyMatch(e -> "heartbeat".equals(e.comment()));
  }

  /** Whether the server ended the stream (or it failed). */
  public boolean ended() {
    return ended.get();
  }

  /** The comment of the last {@code event: error} line, if the server sent one. */
  public String farewell() {
    return received.stream()
        .filter(e -> "error".equals(e.event()))
        .map(ServerSentEvent::comment)
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /** The {@code data} of every message received, in order. */
  public List<String> data() {
    return received.stream().map(ServerSentEvent::data).filter(d -> d != null).toList();
  }

  public List<String> eventIds() {
    return received.stream()
        .filter(e -> e.data() != null)
        .map(e -> JSON.readTree(e.data()).get("id").asString())
        .toList();
  }

  public void close() {
    connection.dispose();
  }
}
