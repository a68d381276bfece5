package dev.herald.delivery.destination;

import io.netty.resolver.AbstractAddressResolver;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The address resolver of the webhook HTTP client: every new connection's host is resolved once
 * through the {@link AddressGuard}, and Netty gets only the addresses that passed it, so the
 * address checked is the address connected to. An IP literal goes through the guard too (Netty
 * would otherwise connect to it unchecked).
 */
final class GuardedAddressResolverGroup extends AddressResolverGroup<InetSocketAddress> {

  private final AddressGuard guard;

  GuardedAddressResolverGroup(AddressGuard guard) {
    this.guard = guard;
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new GuardedResolver(executor, guard);
  }

  private static final class GuardedResolver extends AbstractAddressResolver<InetSocketAddress> {

    private final AddressGuard guard;

    GuardedResolver(EventExecutor executor, AddressGuard guard) {
      super(executor, InetSocketAddress.class);
      this.guard = guard;
    }

    /** Nothing counts as resolved, so that literals are checked as well. */
    @Override
    protected boolean doIsResolved(InetSocketAddress address) {
      return false;
    }

    @Override
    protected void doResolve(InetSocketAddress address, Promise<InetSocketAddress> promise) {
      Promise<List<InetSocketAddress>> all = executor().newPromise();
      all.addListener(
          done -> {
            if (all.isSuccess()) {
              promise.trySuccess(all.getNow().get(0));
            } else {
              promise.tryFailure(all.cause());
            }
          });
      doResolveAll(address, all);
    }

    @Override
    protected void doResolveAll(
        InetSocketAddress address, Promise<List<InetSocketAddress>> promise) {
      String host = address.getHostString();
      int port = address.getPort();
      // Netty waits on the promise, not on a subscriber: this subscription is the bridge to it.
      guard
          .addresses(host)
          .subscribe(
              found ->
                  promise.trySuccess(
                      found.stream()
                          .map((InetAddress a) -> new InetSocketAddress(a, port))
                          .toList()),
              promise::tryFailure);
    }
  }
}
