package dev.herald.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.TestWebhookProperties;
import dev.herald.delivery.WebhookProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyUnitTests {

  static WebhookProperties properties(boolean httpsOnly, boolean allowPrivate) {
    return TestWebhookProperties.with(
        Map.of(
            "herald.webhooks.https-only", Boolean.toString(httpsOnly),
            "herald.webhooks.allow-private-networks", Boolean.toString(allowPrivate)));
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
        "255.255.255.255"
      })
  void internalAddresses_areInternal(String address) throws UnknownHostException {
    assertThat(DestinationPolicy.isInternal(InetAddress.getByName(address))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "203.0.114.7", "2606:4700:4700::1111"})
  void publicAddresses_areNot(String address) throws UnknownHostException {
    assertThat(DestinationPolicy.isInternal(InetAddress.getByName(address))).isFalse();
  }

  @Test
  void loopbackUrl_isRefusedUnlessAllowed() {
    assertThat(
            new DestinationPolicy(properties(false, false))
                .checkAddress("http://127.0.0.1:9/x")
                .block())
        .contains("internal address");
    assertThat(
            new DestinationPolicy(properties(false, true))
                .checkAddress("http://127.0.0.1:9/x")
                .block())
        .isNull();
  }

  @Test
  void form_needsHttpOrHttps_andHttpsWhenConfigured() {
    DestinationPolicy open = new DestinationPolicy(properties(false, false));
    DestinationPolicy strict = new DestinationPolicy(properties(true, false));

    assertThat(open.checkForm("http://example.com/hook")).isNull();
    assertThat(open.checkForm("ftp://example.com/hook")).contains("http");
    assertThat(open.checkForm("https://user:pw@example.com/")).contains("credentials");
    assertThat(open.checkForm("not a url")).isNotNull();
    assertThat(strict.checkForm("http://example.com/hook")).contains("https");
    assertThat(strict.checkForm("https://example.com/hook")).isNull();
  }
}
