package dev.herald.storage.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.herald.storage.database.DatabaseLocation;
import dev.herald.storage.database.DatabaseProperties;
import dev.herald.storage.database.EmbeddedDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;

/**
 * The signal (LISTEN) connection against databases that do not answer: a port that accepts TCP and
 * then says nothing, and a real PostgreSQL whose first {@code LISTEN} is swallowed on the way. Each
 * wait ends within its bound, a hung attempt costs one socket (not one per try), and the listener
 * goes on by itself when the database does.
 */
class EventSignalsIntegrationTests {

  private static final Duration CONNECT_BOUND = Duration.ofMillis(500);
  // statement timeout 1 s + the 2 s the client gives the server to cancel it
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(3);
  private static final Duration MARGIN = Duration.ofSeconds(3);
  private static final DatabaseProperties BOUNDS =
      new DatabaseProperties(
          CONNECT_BOUND, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(2));

  @TempDir static Path dataDir;
  private static DatabaseLocation postgres;

  @BeforeAll
  static void start() {
    postgres = EmbeddedDatabase.acquire(dataDir);
  }

  @AfterAll
  static void stop() {
    EmbeddedDatabase.release(dataDir);
  }

  @Test
  void aServerThatAcceptsButNeverAnswers_isGivenUpWithinTheConnectBound_onOneSocket_andTriedAgain()
      throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        LogCapture log = new LogCapture()) {
      silent.setSoTimeout((int) MARGIN.multipliedBy(3).toMillis());
      EventSignals signals = signals(factory(silent.getLocalPort()));
      signals.start();
      try {
        Socket first = silent.accept();
        long accepted = System.nanoTime();

        // each wait ends at the bound, and the next try waits on the same attempt again
        await().atMost(CONNECT_BOUND.plus(MARGIN)).until(() -> log.timeouts() >= 1);
        assertThat(Duration.ofNanos(System.nanoTime() - accepted))
            .isLessThan(CONNECT_BOUND.plus(MARGIN));
        await().atMost(MARGIN.multipliedBy(3)).until(() -> log.timeouts() >= 3);
        silent.setSoTimeout(100);
        assertThatThrownBy(silent::accept)
            .as("a second socket while the first attempt is under way")
            .isInstanceOf(SocketTimeoutException.class);

        // the attempt fails when the server closes its socket: the next try connects anew
        first.close();
        silent.setSoTimeout((int) MARGIN.multipliedBy(3).toMillis());
        try (Socket second = silent.accept()) {
          assertThat(second.isConnected()).isTrue();
        }
      } finally {
        signals.stop();
      }
    }
  }

  @Test
  void aListenWithoutAnAnswer_isGivenUpWithinTheAnswerBound_andTheNextConnectionListens()
      throws Exception {
    try (SwallowingProxy proxy =
        new SwallowingProxy(postgres.port(), "LISTEN " + "herald_events")) {
      EventSignals signals = signals(factory(proxy.port()));
      Queue<String> heard = new ConcurrentLinkedQueue<>();
      Disposable listening = signals.events().subscribe(heard::add);
      signals.start();
      try {
        await().atMost(MARGIN.multipliedBy(3)).until(() -> proxy.swallowedAt() != 0);
        await()
            .atMost(ANSWER_BOUND.plus(MARGIN))
            .until(() -> proxy.firstClosedAt() != 0 && proxy.connections() >= 2);
        assertThat(Duration.ofNanos(proxy.firstClosedAt() - proxy.swallowedAt()))
            .isLessThan(ANSWER_BOUND.plus(MARGIN));

        // the second connection listens: after it, a NOTIFY reaches the signals
        await()
            .atMost(MARGIN.multipliedBy(3))
            .until(() -> heard.contains(EventSignals.ALL_PROJECTS));
        notify("prj_after_the_hang");
        await().atMost(MARGIN.multipliedBy(3)).until(() -> heard.contains("prj_after_the_hang"));
      } finally {
        listening.dispose();
        signals.stop();
      }
    }
  }

  private static EventSignals signals(ConnectionFactory factory) {
    return new EventSignals(factory, DatabaseClient.create(factory), BOUNDS);
  }

  private static ConnectionFactory factory(int port) {
    return ConnectionFactories.get(
        ConnectionFactoryOptions.builder()
            .option(ConnectionFactoryOptions.DRIVER, "postgresql")
            .option(ConnectionFactoryOptions.HOST, "127.0.0.1")
            .option(ConnectionFactoryOptions.PORT, port)
            .option(ConnectionFactoryOptions.DATABASE, postgres.database())
            .option(ConnectionFactoryOptions.USER, postgres.username())
            .option(ConnectionFactoryOptions.PASSWORD, postgres.password())
            .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(10))
            .build());
  }

  private static void notify(String payload) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement sql = connection.createStatement()) {
      sql.execute("SELECT pg_notify('" + EventSignals.EVENTS + "', '" + payload + "')");
    }
  }

  /** The signal connection's log lines, debug included, for the duration of a test. */
  private static final class LogCapture implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(EventSignals.class);
    private final Level level = logger.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
      appender.start();
      logger.addAppender(appender);
      logger.setLevel(Level.DEBUG);
    }

    /** How many tries ended at the connect bound. */
    long timeouts() {
      return appender.list.stream()
          .filter(e -> e.getFormattedMessage().contains("No signal connection within"))
          .count();
    }

    @Override
    public void close() {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }
  }

  /**
   * A loopback proxy to PostgreSQL that, on its first connection, stops passing on what the client
   * sends once it has seen {@code marker}: the server never sees that statement, so never answers
   * it. Later connections pass everything.
   */
  private static final class SwallowingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final byte[] marker;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long swallowedAt;
    private volatile long firstClosedAt;

    SwallowingProxy(int target, String marker) throws IOException {
      this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      this.target = target;
      this.marker = marker.getBytes(StandardCharsets.US_ASCII);
      Thread acceptor = new Thread(this::accept, "swallowing-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    long swallowedAt() {
      return swallowedAt;
    }

    long firstClosedAt() {
      return firstClosedAt;
    }

    private void accept() {
      try {
        while (!server.isClosed()) {
          Socket client = server.accept();
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
          sockets.add(client);
          sockets.add(upstream);
          boolean first = connections.incrementAndGet() == 1;
          pump(upstream, client, false, false);
          pump(client, upstream, first, first);
        }
      } catch (IOException closed) {
        // the proxy is closed
      }
    }

    private void pump(Socket from, Socket to, boolean swallow, boolean watchClose) {
      Thread pumping =
          new Thread(
              () -> {
                boolean swallowing = false;
                try {
                  InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream();
                  byte[] buffer = new byte[8192];
                  for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (swallow && !swallowing && contains(buffer, n, marker)) {
                      swallowing = true;
                      swallowedAt = System.nanoTime();
                    }
                    if (!swallowing) {
                      out.write(buffer, 0, n);
                      out.flush();
                    }
                  }
                } catch (IOException closed) {
                  // either side went away
                }
                if (watchClose) {
                  firstClosedAt = System.nanoTime();
                }
                closeQuietly(to);
              },
              "swallowing-proxy-pump");
      pumping.setDaemon(true);
      pumping.start();
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
      outer:
      for (int i = 0; i + marker.length <= length; i++) {
        for (int j = 0; j < marker.length; j++) {
          if (buffer[i + j] != marker[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }

    private static void closeQuietly(Socket socket) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      sockets.forEach(SwallowingProxy::closeQuietly);
    }
  }
}
