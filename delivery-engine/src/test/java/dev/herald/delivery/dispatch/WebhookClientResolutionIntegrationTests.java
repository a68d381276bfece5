package dev.herald.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.herald.delivery.TestWebhookProperties;
import dev.herald.delivery.destination.DestinationPolicy;
import dev.herald.delivery.destination.HostResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook client connects only to addresses its destination policy checked: a receiver on
 * loopback (the only network these tests touch), names answered by a resolver of the test's own.
 */
class WebhookClientResolutionIntegrationTests {

  static final Duration BOUND = Duration.ofSeconds(10);
  static final byte[] BODY = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  HttpServer receiver;
  final List<String> hosts = new CopyOnWriteArrayList<>();
  final List<InetSocketAddress> localAddresses = new CopyOnWriteArrayList<>();
  final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
  final List<String> lookups = new CopyOnWriteArrayList<>();
  final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();

  /** Answers only the names a test set; never asks the system (and so never the network). */
  final HostResolver testResolver =
      host -> {
        lookups.add(host);
        CountDownLatch hold = holds.get(host);
        if (hold != null) {
          try {
            hold.await(BOUND.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        List<InetAddress> found = names.get(host);
        if (found == null) {
          throw new UnknownHostException(host);
        }
        return found;
      };

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          hosts.add(exchange.getRequestHeaders().getFirst("Host"));
          localAddresses.add(exchange.getLocalAddress());
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  WebhookClient client(boolean allowPrivate) {
    return new WebhookClient(
        TestWebhookProperties.with(
            Map.of("herald.webhooks.allow-private-networks", Boolean.toString(allowPrivate))),
        new DestinationPolicy(
            TestWebhookProperties.with(
                Map.of("herald.webhooks.allow-private-networks", Boolean.toString(allowPrivate))),
            testResolver));
  }

  String url(String host) {
    return "http://" + host + ":" + receiver.getAddress().getPort() + "/hook";
  }

  static List<InetAddress> addresses(String... literals) throws UnknownHostException {
    List<InetAddress> list = new java.util.ArrayList<>();
    for (String literal : literals) {
      list.add(InetAddress.getByName(literal));
    }
    return list;
  }

  @Test
  void allowedName_isDeliveredToExactlyTheAddressItResolvedTo() throws UnknownHostException {
    names.put("receiver.test", addresses("127.0.0.1"));

    WebhookClient.Result result =
        client(true).post(url("receiver.test"), Map.of(), BODY).block(BOUND);

    assertThat(result.status()).isEqualTo(204);
    assertThat(lookups).containsExactly("receiver.test");
    assertThat(hosts).containsExactly("receiver.test:" + receiver.getAddress().getPort());
    assertThat(localAddresses)
        .extracting(InetSocketAddress::getAddress)
        .containsExactly(InetAddress.getByName("127.0.0.1"));
  }

  @Test
  void nameRebindingToLoopback_isRefusedAtConnectTime() throws UnknownHostException {
    names.put("rebind.test", addresses("127.0.0.1"));

    WebhookClient.Result result =
        client(false).post(url("rebind.test"), Map.of(), BODY).block(BOUND);

    assertThat(result.status()).isNull();
    assertThat(result.error())
        .isEqualTo(
            "refused: rebind.test resolves to 127.0.0.1, a loopback address;"
                + " set HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow");
    assertThat(hosts).isEmpty();
  }

  @Test
  void nameResolvingToPublicAndLoopback_isRefusedAndNeitherIsConnectedTo()
      throws UnknownHostException {
    // 203.0.114.10 is public: the guard must refuse the whole answer before Netty tries any of it
    names.put("mixed.test", addresses("203.0.114.10", "127.0.0.1"));

    WebhookClient.Result result =
        client(false).post(url("mixed.test"), Map.of(), BODY).block(BOUND);

    assertThat(result.error()).startsWith("refused: mixed.test resolves to 127.0.0.1");
    assertThat(hosts).isEmpty();
  }

  @Test
  void loopbackLiteral_isRefusedAtConnectTimeToo() {
    WebhookClient.Result result = client(false).post(url("127.0.0.1"), Map.of(), BODY).block(BOUND);

    assertThat(result.error())
        .isEqualTo(
            "refused: 127.0.0.1 is a loopback address;"
                + " set HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow");
    assertThat(lookups).isEmpty();
    assertThat(hosts).isEmpty();
  }

  @Test
  void ambiguousIpv4Spelling_isRefusedAtConnectTime_evenWhenAllowed() {
    WebhookClient.Result result = client(true).post(url("0177.0.0.1"), Map.of(), BODY).block(BOUND);

    assertThat(result.error()).contains("not a canonical IPv4 address");
    assertThat(lookups).isEmpty();
    assertThat(hosts).isEmpty();
  }

  @Test
  void slowLookup_holdsUpNoOtherDelivery() throws Exception {
    CountDownLatch slowAnswers = new CountDownLatch(1);
    holds.put("slow.test", slowAnswers);
    names.put("receiver.test", addresses("127.0.0.1"));
    WebhookClient client = client(true);

    CompletableFuture<WebhookClient.Result> slow =
        client.post(url("slow.test"), Map.of(), BODY).toFuture();
    await().atMost(BOUND).until(() -> lookups.contains("slow.test"));
    WebhookClient.Result fast = client.post(url("receiver.test"), Map.of(), BODY).block(BOUND);
    slowAnswers.countDown();

    assertThat(fast.status()).isEqualTo(204);
    assertThat(slow.get(BOUND.toSeconds(), TimeUnit.SECONDS).error())
        .contains("UnknownHostException");
  }
}
