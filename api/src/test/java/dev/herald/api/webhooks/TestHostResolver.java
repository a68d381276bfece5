package dev.herald.api.webhooks;

import dev.herald.delivery.destination.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.annotation.Primary;

/**
 * A host resolver the test controls (import it to replace Herald's): it answers only the names a
 * test gave it, with IP literals, and never asks the system, so no lookup leaves the JVM.
 */
@Primary
class TestHostResolver implements HostResolver {

  private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
  private final List<String> lookups = new CopyOnWriteArrayList<>();

  /** From now on, {@code name} resolves to these IP literals. */
  void answer(String name, String... literals) {
    List<InetAddress> addresses = new ArrayList<>();
    for (String literal : literals) {
      try {
        addresses.add(InetAddress.getByName(literal)); // a literal: parsed, not looked up
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(literal, e);
      }
    }
    answers.put(name, List.copyOf(addresses));
  }

  /** How often {@code name} was looked up. */
  long lookupsOf(String name) {
    return lookups.stream().filter(name::equals).count();
  }

  @Override
  public List<InetAddress> resolve(String host) throws UnknownHostException {
    lookups.add(host);
    List<InetAddress> addresses = answers.get(host);
    if (addresses == null) {
      throw new UnknownHostException(host + " (not known to the test resolver)");
    }
    return addresses;
  }
}
