package dev.herald.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Handles every request on the next turn of its connection's event loop, never within the read that
 * received it. Reactor Netty 1.3.6 stops reading a keep-alive connection when a request that
 * arrived while the previous one was still finishing is answered within that read (an unknown path,
 * a refused answer, ... anything answered without I/O): the next request on the connection then
 * never gets an answer (reactor/reactor-netty#4361). Remove with a Reactor Netty that has the fix.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class NextTurnFilter implements WebFilter {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
    if (!(request instanceof Connection connection)) {
      return chain.filter(exchange);
    }
    return Mono.defer(() -> chain.filter(exchange))
        .subscribeOn(Schedulers.fromExecutor(connection.channel().eventLoop()));
  }
}
