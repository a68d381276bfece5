package dev.herald.api.web;

import dev.herald.storage.projects.ProjectRef;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Gives handlers the caller's project as a {@link ProjectRef} parameter. */
class CallerResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == ProjectRef.class;
  }

  @Override
  public Mono<Object> resolveArgument(
      MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
    Object project = exchange.getAttribute(ApiKeyFilter.PROJECT_ATTRIBUTE);
    if (project == null) {
      return Mono.error(
          new IllegalStateException(
              "no authenticated project on " + exchange.getRequest().getPath()));
    }
    return Mono.just(project);
  }
}
