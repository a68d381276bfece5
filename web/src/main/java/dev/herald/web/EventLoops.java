package dev.herald.web;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.time.Duration;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/**
 * One set of event loops for all of Herald's I/O: the HTTP server, the webhook client and the
 * database connections. Reactor Netty would otherwise give the database driver loops of its own
 * ({@code reactor-tcp-*}, as many again as the server's); on a small machine the extra threads cost
 * context switches and a hand-over between threads for every query a request makes.
 */
@Configuration(proxyBeanMethods = false)
public class EventLoops {

  /** The JVM property Reactor Netty reads for its number of event loops. */
  static final String WORKER_COUNT = "reactor.netty.ioWorkerCount";

  /**
   * Sizes the event loops by the machine's cores unless {@code -Dreactor.netty.ioWorkerCount} says
   * otherwise (Reactor Netty's own default is at least four, even on two cores). Must run before
   * Reactor Netty is first used.
   */
  public static void sizeByCores() {
    if (System.getProperty(WORKER_COUNT) == null) {
      System.setProperty(
          WORKER_COUNT, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
  }

  @Bean
  ConnectionFactoryOptionsBuilderCustomizer databaseOnServerLoops() {
    return options ->
        options.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, new ServerLoops());
  }

  /**
   * The server's loops, looked up at each use: Spring disposes the global {@link HttpResources}
   * when an application context closes and a later one creates them anew (tests run several
   * contexts in one JVM), so holding on to one instance would leave the database on dead loops.
   * Disposing them is their owner's business, not the database driver's.
   */
  static final class ServerLoops implements LoopResources {

    @Override
    public EventLoopGroup onServer(boolean useNative) {
      return HttpResources.get().onServer(useNative);
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
      return HttpResources.get().onClient(useNative);
    }

    @Override
    public EventLoopGroup onServerSelect(boolean useNative) {
      return HttpResources.get().onServerSelect(useNative);
    }

    @Override
    public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
      return HttpResources.get().onChannel(channelType, group);
    }

    @Override
    public <C extends Channel> Class<? extends C> onChannelClass(
        Class<C> channelType, EventLoopGroup group) {
      return HttpResources.get().onChannelClass(channelType, group);
    }

    @Override
    public boolean daemon() {
      return HttpResources.get().daemon();
    }

    @Override
    public void dispose() {}

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
      return Mono.empty();
    }
  }
}
