package dev.herald.delivery.destination;

import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.destination.internal.HostSpelling;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Which webhook URLs Herald will call: http(s) only (https only when so configured), hosts spelled
 * unambiguously, and never an address on a loopback, private, link-local or otherwise internal
 * network unless {@code herald.webhooks.allow-private-networks} is set. Checked when a webhook is
 * saved, and at every connection by {@link #addressResolver()}, which connects only to the
 * addresses it checked.
 */
@Component
public class DestinationPolicy implements DisposableBean {

  /** Lookups that may wait at once; more queue (up to {@link #QUEUED_LOOKUPS}), then fail. */
  static final int LOOKUP_THREADS = 16;

  static final int QUEUED_LOOKUPS = 10_000;

  private final WebhookProperties properties;
  private final Scheduler lookups;
  private final AddressGuard guard;
  private final GuardedAddressResolverGroup resolverGroup;

  public DestinationPolicy(WebhookProperties properties, HostResolver resolver) {
    this.properties = properties;
    this.lookups =
        Schedulers.newBoundedElastic(LOOKUP_THREADS, QUEUED_LOOKUPS, "herald-dns", 60, true);
    // a name that does not resolve within the connect timeout counts as unknown (at save and send)
    this.guard =
        new AddressGuard(
            resolver, properties.allowPrivateNetworks(), lookups, properties.connectTimeout());
    this.resolverGroup = new GuardedAddressResolverGroup(guard);
  }

  /** Why the URL's form is refused (no lookup is made), or {@code null} when it is acceptable. */
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
    if (uri.getRawUserInfo() != null) {
      return "must not carry credentials; use custom headers instead";
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      return unparsedHostProblem(uri.getRawAuthority());
    }
    if (url.length() > 2048) {
      return "is longer than 2048 characters";
    }
    return guard.refuseSpelling(uri.getHost());
  }

  /**
   * Resolves the URL's host (off the event loop) and emits why it is refused, or completes empty
   * when every address it resolves to may be called. Names are looked up only when private networks
   * are not allowed; literals never are.
   */
  public Mono<String> checkAddress(String url) {
    if (properties.allowPrivateNetworks()) {
      return Mono.empty();
    }
    String host = URI.create(url).getHost();
    return guard
        .addresses(host)
        .then(Mono.<String>empty())
        .onErrorResume(
            DestinationRefusedException.class, refused -> Mono.just(refused.getMessage()))
        .onErrorResume(
            UnknownHostException.class,
            unknown ->
                Mono.just(
                    unknown.getMessage() != null && unknown.getMessage().contains("within")
                        ? "host " + unknown.getMessage()
                        : "host " + host + " does not resolve"));
  }

  /**
   * The resolver for the webhook HTTP client ({@code HttpClient.resolver(...)}): it fails a
   * connection to a refused host with {@link DestinationRefusedException}.
   */
  public AddressResolverGroup<InetSocketAddress> addressResolver() {
    return resolverGroup;
  }

  @Override
  public void destroy() {
    resolverGroup.close();
    lookups.dispose();
  }

  /**
   * Why an authority that {@link URI} could not read a host from is refused: {@code 127.1} and
   * {@code 0x7f.1} land here, and deserve a better answer than "no host".
   */
  private String unparsedHostProblem(String authority) {
    if (authority == null || authority.isBlank()) {
      return "names no host";
    }
    String host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":[0-9]*$", "");
    String refusal = HostSpelling.readsAsIpv4(host) ? guard.refuseSpelling(host) : null;
    return refusal == null ? "names no valid host" : refusal;
  }
}
