package dev.herald.delivery.destination;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks up the addresses of a webhook's host name, once per new connection; Herald checks every
 * address it returns and connects only to those. May block: Herald calls it off the event loop, on
 * a bounded pool of its own.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Every address of {@code host} (a name, never an IP literal), or {@link UnknownHostException}.
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /**
   * The JDK's resolver, Herald's default: it resolves as the rest of the machine does ({@code
   * /etc/hosts}, nsswitch, search domains, the JVM's {@code networkaddress.cache.ttl}), as the
   * save-time check always has, with no extra dependency. Netty's DNS resolver would not block, but
   * reads only {@code resolv.conf} and {@code hosts}, so a name could resolve differently for
   * Herald than for the operator checking it; blocking is why lookups run on a pool of their own.
   */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
