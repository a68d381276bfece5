package dev.herald.delivery.destination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.TestWebhookProperties;
import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.destination.internal.AddressRules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyUnitTests {

  /** A resolver for URLs that must be judged by their spelling alone. */
  static final HostResolver NO_LOOKUPS =
      host -> {
        throw new AssertionError("looked up " + host);
      };

  static WebhookProperties properties(boolean httpsOnly, boolean allowPrivate) {
    return TestWebhookProperties.with(
        Map.of(
            "herald.webhooks.https-only", Boolean.toString(httpsOnly),
            "herald.webhooks.allow-private-networks", Boolean.toString(allowPrivate)));
  }

  static DestinationPolicy policy(boolean allowPrivate, HostResolver resolver) {
    return new DestinationPolicy(properties(false, allowPrivate), resolver);
  }

  static HostResolver answering(String name, String... addresses) {
    return host -> {
      if (!host.equals(name)) {
        throw new UnknownHostException(host);
      }
      List<InetAddress> found = new java.util.ArrayList<>();
      for (String address : addresses) {
        found.add(InetAddress.getByName(address)); // literals: no lookup
      }
      return found;
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fd00::1",
        "224.0.0.1",
        "255.255.255.255",
        "::127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::1",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
        "203.0.113.10",
        "198.18.0.1",
        "192.0.0.8",
        "fec0::1",
        "ff02::1",
        "2001:db8::1",
        "::"
      })
  void internalAddresses_areInternal(String address) throws UnknownHostException {
    assertThat(AddressRules.whyNotPublic(InetAddress.getByName(address).getAddress())).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "203.0.114.7",
        "2606:4700:4700::1111",
        "2002:808:808::1",
        "64:ff9b::808:808"
      })
  void publicAddresses_areNot(String address) throws UnknownHostException {
    assertThat(AddressRules.whyNotPublic(InetAddress.getByName(address).getAddress())).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://127.0.0.1:9/x",
        "http://0177.0.0.1/",
        "http://0x7f000001/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://127.0.1/",
        "http://2130706433/",
        "http://017700000001/",
        "http://127.000.000.001/",
        "http://127.0.0.01/",
        "http://127.0.0.1./",
        "http://0/",
        "http://0.0.0.0/",
        "http://[::]/",
        "http://[::1]/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::127.0.0.1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/",
        "http://[::ffff:0:127.0.0.1]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[64:ff9b::127.0.0.1]/",
        "http://[64:ff9b:1::a00:1]/",
        "http://[2002:7f00:1::1]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
        "http://localhost/",
        "http://LOCALHOST:8080/",
        "http://localhost./",
        "http://foo.localhost/",
        "http://[fe80::1%25eth0]/",
        "http://[fe80::1]/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::ffff:169.254.169.254]/latest/meta-data",
        "http://[fd00::1]/",
        "http://[fc00::1]/",
        "http://[fec0::1]/",
        "http://[ff02::1]/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://239.255.255.250/",
        "http://255.255.255.255/",
        "http://240.0.0.1/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://198.18.0.1/",
        "http://192.0.0.1/",
        "http://192.0.2.1/",
        "http://198.51.100.1/",
        "http://203.0.113.1/",
        "http://[2001:db8::1]/",
        "http://example.com@127.0.0.1/",
        "http://user:pw@example.com/",
        "http://127.0.0.1%2f@example.com/",
        "ftp://example.com/",
        "file:///etc/passwd",
        "gopher://127.0.0.1:70/"
      })
  void refusedSpellings_areRefusedWithoutALookup(String url) {
    assertThat(policy(false, NO_LOOKUPS).checkForm(url)).as(url).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com/hook",
        "http://example.com./hook",
        "https://hooks.example.com:8443/x?y=1",
        "http://8.8.8.8/",
        "http://1.1.1.1:8080/hook",
        "http://203.0.114.7/",
        "http://[2606:4700:4700::1111]/",
        "http://[::ffff:8.8.8.8]/",
        "http://[2002:808:808::1]/",
        "http://10.example.com/",
        "http://localhost.example.com/",
        "http://xn--bcher-kva.example/"
      })
  void publicSpellings_areAccepted(String url) {
    assertThat(policy(false, NO_LOOKUPS).checkForm(url)).as(url).isNull();
  }

  @Test
  void loopbackLiteral_namesItsClassAndTheSetting() {
    assertThat(policy(false, NO_LOOKUPS).checkForm("http://[::ffff:127.0.0.1]/"))
        .isEqualTo(
            "refused: [::ffff:127.0.0.1] is an IPv4-mapped form of 127.0.0.1, a loopback address;"
                + " set HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow");
  }

  @Test
  void ambiguousIpv4_isRefusedEvenWhenPrivateNetworksAreAllowed() {
    DestinationPolicy open = policy(true, NO_LOOKUPS);

    assertThat(open.checkForm("http://0177.0.0.1/")).contains("not a canonical IPv4 address");
    assertThat(open.checkForm("http://127.1/")).contains("not a canonical IPv4 address");
    assertThat(open.checkForm("http://[fe80::1%25eth0]/")).contains("zone id");
    assertThat(open.checkForm("http://127.0.0.1:8080/")).isNull();
    assertThat(open.checkForm("http://localhost:8080/")).isNull();
    assertThat(open.checkForm("http://[::1]:8080/")).isNull();
  }

  @Test
  void nameResolvingToLoopback_isRefusedWithTheAddress() {
    assertThat(
            policy(false, answering("rebind.test", "127.0.0.1"))
                .checkAddress("http://rebind.test/x")
                .block())
        .isEqualTo(
            "refused: rebind.test resolves to 127.0.0.1, a loopback address;"
                + " set HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow");
  }

  @Test
  void nameResolvingToAPublicAndAnInternalAddress_isRefused() {
    assertThat(
            policy(false, answering("mixed.test", "203.0.114.10", "10.0.0.7"))
                .checkAddress("http://mixed.test/x")
                .block())
        .contains("resolves to 10.0.0.7, a private address");
  }

  @Test
  void nameResolvingToPublicAddresses_isAccepted() {
    assertThat(
            policy(false, answering("public.test", "203.0.114.10", "2606:4700:4700::1111"))
                .checkAddress("http://public.test/x")
                .block())
        .isNull();
  }

  @Test
  void unknownName_doesNotResolve() {
    assertThat(policy(false, answering("a.test")).checkAddress("http://b.test/").block())
        .isEqualTo("host b.test does not resolve");
  }

  @Test
  void loopbackUrl_isRefusedUnlessAllowed() {
    assertThat(policy(false, NO_LOOKUPS).checkAddress("http://127.0.0.1:9/x").block())
        .contains("loopback address");
    assertThat(policy(true, NO_LOOKUPS).checkAddress("http://127.0.0.1:9/x").block()).isNull();
  }

  @Test
  void form_needsHttpOrHttps_andHttpsWhenConfigured() {
    DestinationPolicy open = policy(false, NO_LOOKUPS);
    DestinationPolicy strict = new DestinationPolicy(properties(true, false), NO_LOOKUPS);

    assertThat(open.checkForm("http://example.com/hook")).isNull();
    assertThat(open.checkForm("ftp://example.com/hook")).contains("http");
    assertThat(open.checkForm("https://user:pw@example.com/")).contains("credentials");
    assertThat(open.checkForm("not a url")).isNotNull();
    assertThat(strict.checkForm("http://example.com/hook")).contains("https");
    assertThat(strict.checkForm("https://example.com/hook")).isNull();
  }

  @Test
  void aNameThatDoesNotResolveInTime_isRefusedAsUnresolved_notWaitedFor() {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    HostResolver hanging =
        host -> {
          try {
            never.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new UnknownHostException(host);
        };
    try {
      String refusal =
          policy(false, hanging)
              .checkAddress("https://slow.example/")
              .block(java.time.Duration.ofSeconds(20));

      assertThat(refusal).contains("slow.example did not resolve within");
    } finally {
      never.countDown();
    }
  }
}
