package dev.herald.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Every route the running application serves, read from its own handler mappings (controllers,
 * actuator, the OpenAPI document), for tests that must cover each route without naming it.
 */
public final class RouteTable {

  private static final Pattern VARIABLE = Pattern.compile("\\{\\*?(\\w+)}");

  /** One method on one path pattern, with the handler that serves it. */
  public record Route(String method, String pattern, HandlerMethod handler) {

    /** Opened by the admin token only: the admin API and the Prometheus metrics. */
    public boolean isAdmin() {
      return pattern.startsWith("/admin") || pattern.startsWith("/actuator/prometheus");
    }

    public boolean namesAResource() {
      return pattern.contains("{");
    }

    /** The path variables' names, in order. */
    public List<String> variables() {
      List<String> names = new ArrayList<>();
      Matcher matcher = VARIABLE.matcher(pattern);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
      return names;
    }

    /** The path with each variable replaced by its value in {@code values} (else {@code x1}). */
    public String path(Map<String, String> values) {
      Matcher matcher = VARIABLE.matcher(pattern.replace("/**", "/x"));
      StringBuilder path = new StringBuilder();
      while (matcher.find()) {
        matcher.appendReplacement(
            path, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "x1")));
      }
      matcher.appendTail(path);
      return path.toString();
    }

    @Override
    public String toString() {
      return method + " " + pattern;
    }
  }

  private RouteTable() {}

  /** Every route, each method and pattern once, in a stable order. */
  public static List<Route> of(ApplicationContext context) {
    Set<String> seen = new TreeSet<>();
    List<Route> routes = new ArrayList<>();
    for (RequestMappingInfoHandlerMapping mapping :
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
      for (Map.Entry<RequestMappingInfo, HandlerMethod> entry :
          mapping.getHandlerMethods().entrySet()) {
        Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
        for (PathPattern pattern : entry.getKey().getPatternsCondition().getPatterns()) {
          for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
            String text = pattern.getPatternString();
            if (seen.add(method + " " + text)) {
              routes.add(new Route(method.name(), text, entry.getValue()));
            }
          }
        }
      }
    }
    routes.sort(Comparator.comparing(Route::toString));
    return routes;
  }
}
