package dev.herald.api.security;

import dev.herald.gatherings.mail.InvitationEmails;
import dev.herald.web.ApiException;
import dev.herald.web.Caller;
import dev.herald.web.ProblemHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The access rules of every route. Three chains, matched with the router's own path patterns (so
 * {@code /admin;x} and {@code /%61dmin} are {@code /admin} here as there, though the firewall has
 * refused both before): {@code /admin/**} and {@code /actuator/prometheus}, which only the admin
 * token opens (and which do not exist without one), and everything else, where the public routes
 * are named and every other route needs a project's API key — a new route is closed until a rule
 * here opens it. Stateless: no session, no cookie, no CSRF token (nothing is authenticated by a
 * cookie).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

  /** Routes anyone may call: probes, the API's description, the dashboard's files, email links. */
  static final String[] PUBLIC_ROUTES = {
    "/actuator/health",
    "/actuator/health/**",
    "/actuator/info",
    "/openapi.json",
    "/dashboard",
    "/dashboard/**",
    InvitationEmails.ANSWER_PATH
  };

  /**
   * The metrics Prometheus scrapes: the operator's, so the admin token's (scrapers send bearers).
   */
  static final String METRICS_PATH = "/actuator/prometheus";

  static final String API_KEY_NEEDED =
      "This endpoint needs an API key: send 'Authorization: Bearer <api key>'";
  static final String METRICS_NEEDED =
      "The metrics need 'Authorization: Bearer <HERALD_ADMIN_TOKEN>'";

  @Bean
  ServerWebExchangeFirewall firewall() {
    return new HeraldFirewall();
  }

  @Bean
  ServerExchangeRejectedHandler rejectedRequests(ProblemHandler problems) {
    return (exchange, rejected) ->
        problems.render(
            exchange,
            new ApiException(HttpStatus.BAD_REQUEST, "rejected_request", rejected.getMessage()));
  }

  @Bean
  @Order(1)
  SecurityWebFilterChain adminChain(
      ServerHttpSecurity http, AdminProperties admin, ProblemHandler problems) {
    return adminTokenOnly(
        http,
        admin,
        problems,
        CredentialConverters.ADMIN_NEEDED,
        "No such resource (the admin API is off: set HERALD_ADMIN_TOKEN)",
        "/admin",
        "/admin/**");
  }

  @Bean
  @Order(2)
  SecurityWebFilterChain metricsChain(
      ServerHttpSecurity http, AdminProperties admin, ProblemHandler problems) {
    return adminTokenOnly(
        http,
        admin,
        problems,
        METRICS_NEEDED,
        "No such resource (the metrics are off: set HERALD_ADMIN_TOKEN)",
        METRICS_PATH,
        METRICS_PATH + "/**");
  }

  @Bean
  @Order(3)
  SecurityWebFilterChain apiChain(
      ServerHttpSecurity http, CallerAuthenticationManager manager, ProblemHandler problems) {
    ServerAuthenticationConverter credentials =
        CredentialConverters.firstOf(
            CredentialConverters.apiKey(), CredentialConverters.streamToken());
    return stateless(http, problems, API_KEY_NEEDED)
        .addFilterAt(
            authentication(credentials, manager, problems), SecurityWebFiltersOrder.AUTHENTICATION)
        .authorizeExchange(
            rules ->
                rules
                    .pathMatchers(PUBLIC_ROUTES)
                    .permitAll()
                    .pathMatchers(HttpMethod.GET, CredentialConverters.STREAM_PATH)
                    .hasAnyAuthority(
                        Caller.Kind.API_KEY.authority(), Caller.Kind.STREAM_TOKEN.authority())
                    .anyExchange()
                    .hasAuthority(Caller.Kind.API_KEY.authority()))
        .build();
  }

  /** Routes that only the admin token opens, and that do not exist (404) without one. */
  private static SecurityWebFilterChain adminTokenOnly(
      ServerHttpSecurity http,
      AdminProperties admin,
      ProblemHandler problems,
      String credentialNeeded,
      String offDetail,
      String... paths) {
    stateless(http, problems, credentialNeeded)
        .securityMatcher(ServerWebExchangeMatchers.pathMatchers(paths));
    if (admin.enabled()) {
      // the admin token's converter verifies it: the manager only passes the verified token on
      http.addFilterAt(
              authentication(
                  CredentialConverters.adminToken(admin.token(), credentialNeeded),
                  Mono::just,
                  problems),
              SecurityWebFiltersOrder.AUTHENTICATION)
          .authorizeExchange(
              rules -> rules.anyExchange().hasAuthority(Caller.Kind.ADMIN.authority()));
    } else {
      http.authorizeExchange(rules -> rules.anyExchange().access(notThere(offDetail)));
    }
    return http.build();
  }

  private static ServerHttpSecurity stateless(
      ServerHttpSecurity http, ProblemHandler problems, String credentialNeeded) {
    return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(unauthorized(problems, credentialNeeded))
                    .accessDeniedHandler(forbidden(problems)));
  }

  private static AuthenticationWebFilter authentication(
      ServerAuthenticationConverter converter,
      ReactiveAuthenticationManager manager,
      ProblemHandler problems) {
    AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
    filter.setServerAuthenticationConverter(converter);
    filter.setAuthenticationSuccessHandler(attachCaller());
    filter.setAuthenticationFailureHandler(badCredential(problems));
    filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return filter;
  }

  private static ServerAuthenticationSuccessHandler attachCaller() {
    return (webFilterExchange, authentication) -> {
      ServerWebExchange exchange = webFilterExchange.getExchange();
      ((CallerAuthentication) authentication).caller().attachTo(exchange);
      return webFilterExchange.getChain().filter(exchange);
    };
  }

  private static ServerAuthenticationFailureHandler badCredential(ProblemHandler problems) {
    return (webFilterExchange, error) ->
        problems.render(webFilterExchange.getExchange(), unauthorized(error));
  }

  private static ServerAuthenticationEntryPoint unauthorized(
      ProblemHandler problems, String detail) {
    return (exchange, error) ->
        problems.render(
            exchange, new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", detail));
  }

  private static ApiException unauthorized(AuthenticationException error) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", error.getMessage());
  }

  private static ServerAccessDeniedHandler forbidden(ProblemHandler problems) {
    return (exchange, denied) ->
        problems.render(
            exchange,
            new ApiException(
                HttpStatus.FORBIDDEN, "forbidden", "This credential does not open this endpoint"));
  }

  private static ReactiveAuthorizationManager<AuthorizationContext> notThere(String detail) {
    return (authentication, context) ->
        Mono.error(new ApiException(HttpStatus.NOT_FOUND, "not_found", detail));
  }
}
