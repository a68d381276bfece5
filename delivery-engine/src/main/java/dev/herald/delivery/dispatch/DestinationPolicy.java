package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Which webhook URLs Herald will call: http(s) only (https only when so configured), and never an
 * address on a loopback, private, link-local or otherwise internal network unless {@code
 * herald.webhooks.allow-private-networks} is set. Checked when a webhook is saved and again before
 * each attempt (a name may resolve elsewhere later).
 */
@Component
public class DestinationPolicy {

  private final WebhookProperties properties;

  public DestinationPolicy(WebhookProperties properties) {
    this.properties = properties;
  }

  /** Why the URL's form is refused, or {@code null} when it is acceptable. */
  public String checkForm(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return "is not a valid URL";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return "must be an http or https URL";
    }
    if (properties.httpsOnly() && !scheme.equals("https")) {
      return "must be an https URL (herald.webhooks.https-only is on)";
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return "names no host";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry credentials; use custom headers instead";
    }
    if (url.length() > 2048) {
      return "is longer than 2048 characters";
    }
    return null;
  }

  /**
   * Resolves the URL's host (off the event loop) and emits why it is refused, or completes empty
   * when every address it resolves to may be called.
   */
  public Mono<String> checkAddress(String url) {
    if (properties.allowPrivateNetworks()) {
      return Mono.empty();
    }
    String host = URI.create(url).getHost();
    return Mono.fromCallable(() -> refusal(host)).subscribeOn(Schedulers.boundedElastic());
  }

  private static String refusal(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host.replaceAll("^\\[|\\]$", ""));
    } catch (UnknownHostException e) {
      return "host " + host + " does not resolve";
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        return "resolves to "
            + address.getHostAddress()
            + ", an internal address (set herald.webhooks.allow-private-networks to allow it)";
      }
    }
    return null;
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 // "this" network
        || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
        || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
        || (first == 198 && (second == 18 || second == 19)) // benchmarking
        || first >= 240; // reserved and broadcast
  }
}
