package dev.herald.delivery.destination;

import dev.herald.delivery.destination.internal.AddressRules;
import dev.herald.delivery.destination.internal.HostSpelling;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Decides whether a host may be called: its spelling first (no lookup), then every address it
 * resolves to. Loopback, private and other internal addresses pass only when private networks are
 * allowed; ambiguous IPv4 spellings and IPv6 zone ids never do.
 */
final class AddressGuard {

  static final String HOW_TO_ALLOW = "; set HERALD_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true to allow";

  private final HostResolver resolver;
  private final boolean allowPrivate;
  private final Scheduler lookups;
  private final Duration lookupTimeout;

  /**
   * @param lookupTimeout the longest a name may take to resolve: past it the host counts as unknown
   *     (the lookup's thread may stay blocked in the resolver; its pool is bounded)
   */
  AddressGuard(
      HostResolver resolver, boolean allowPrivate, Scheduler lookups, Duration lookupTimeout) {
    this.resolver = resolver;
    this.allowPrivate = allowPrivate;
    this.lookups = lookups;
    this.lookupTimeout = lookupTimeout;
  }

  /** Why the host, as written, is refused (no lookup is made), or {@code null}. */
  String refuseSpelling(String host) {
    String bare = HostSpelling.bare(host);
    if (bare.contains("%")) {
      return "refused: " + host + " carries an IPv6 zone id, which names a local interface";
    }
    if (HostSpelling.isIpv6(host)) {
      byte[] address = HostSpelling.ipv6(host);
      return address == null
          ? "refused: " + host + " is not a valid IPv6 address"
          : refuseLiteral(host, address);
    }
    if (HostSpelling.readsAsIpv4(bare)) {
      byte[] address = HostSpelling.canonicalIpv4(bare);
      return address == null
          ? "refused: "
              + host
              + " is not a canonical IPv4 address (parsers read octal, hex, short and integer"
              + " forms differently); write four decimal numbers without leading zeros"
          : refuseLiteral(host, address);
    }
    if (!allowPrivate && HostSpelling.isLocalhostName(bare)) {
      return "refused: " + host + " is a loopback name" + HOW_TO_ALLOW;
    }
    return null;
  }

  /**
   * The addresses to connect to for {@code host}: its literal, or every address the resolver
   * returns, each checked. Fails with {@link DestinationRefusedException} when any is refused, or
   * {@link UnknownHostException}.
   */
  Mono<List<InetAddress>> addresses(String host) {
    String refusal = refuseSpelling(host);
    if (refusal != null) {
      return Mono.error(new DestinationRefusedException(refusal));
    }
    byte[] literal =
        HostSpelling.isIpv6(host)
            ? HostSpelling.ipv6(host)
            : HostSpelling.canonicalIpv4(HostSpelling.bare(host));
    if (literal != null) {
      return Mono.fromCallable(
          () -> List.of(InetAddress.getByAddress(HostSpelling.bare(host), literal)));
    }
    return Mono.fromCallable(() -> resolver.resolve(host))
        .subscribeOn(lookups)
        .timeout(
            lookupTimeout,
            Mono.error(
                () -> new UnknownHostException(host + " did not resolve within " + lookupTimeout)))
        .flatMap(
            found -> {
              if (found.isEmpty()) {
                return Mono.error(new UnknownHostException(host));
              }
              String why = refuseResolved(host, found);
              return why == null
                  ? Mono.just(found)
                  : Mono.error(new DestinationRefusedException(why));
            });
  }

  /** Why {@code host} is refused for one of the addresses it resolved to, or {@code null}. */
  private String refuseResolved(String host, List<InetAddress> addresses) {
    if (allowPrivate) {
      return null;
    }
    for (InetAddress address : addresses) {
      String why = AddressRules.whyNotPublic(address.getAddress());
      if (why != null) {
        return "refused: "
            + host
            + " resolves to "
            + AddressRules.text(address.getAddress())
            + ", "
            + why
            + HOW_TO_ALLOW;
      }
    }
    return null;
  }

  private String refuseLiteral(String host, byte[] address) {
    if (allowPrivate) {
      return null;
    }
    String why = AddressRules.whyNotPublic(address);
    return why == null ? null : "refused: " + host + " is " + why + HOW_TO_ALLOW;
  }
}
