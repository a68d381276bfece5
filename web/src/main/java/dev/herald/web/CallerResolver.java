package dev.herald.web;

import dev.herald.storage.projects.ProjectRef;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Gives handlers the {@link Caller}, or the caller's project as a {@link ProjectRef} parameter. */
class CallerResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == ProjectRef.class
        || parameter.getParameterType() == Caller.class;
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
    Caller caller = Caller.of(exchange);
    if (caller == null || caller.project() == null) {
      // the security rules let no request without a project's credential reach such a handler
      return Mono.error(
          new IllegalStateException(
              "no authenticated project on " + exchange.getRequest().getPath()));
    }
    return Mono.just(parameter.getParameterType() == Caller.class ? caller : caller.project());
  }
}
