package dev.herald.api.openapi;

import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.Caller;
import dev.herald.web.IdempotencyKeys;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.Locale;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the generated document cannot see in the controllers: the API key, the problem+json errors
 * each operation may answer ({@link ProblemResponses}), and {@code Idempotency-Key} on every POST
 * (a filter handles it).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  private static final String API_KEY = "apiKey";
  private static final String ADMIN_TOKEN = "adminToken";
  private static final String PROBLEM = "Problem";

  static {
    // the caller's project comes from the API key, not from the request
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(ProjectRef.class, Caller.class);
  }

  @Bean
  OpenAPI heraldOpenApi() {
    return new OpenAPI()
        // relative: the Herald that serves the document (not the host a request happened to use)
        .servers(java.util.List.of(new Server().url("/")))
        .info(
            new Info()
                .title("Herald API")
                .version("v1")
                .description(
                    "Gatherings (lobbies, appointments, open spaces) and the webhook delivery"
                        + " platform: events, subscriptions, signed deliveries and their log.")
                .license(new License().name("Apache-2.0")))
        .components(components());
  }

  private static Components components() {
    Components components =
        new Components()
            .addSecuritySchemes(
                API_KEY,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("A project's API key"))
            .addSecuritySchemes(
                ADMIN_TOKEN,
                new SecurityScheme()
                    .type(SecurityScheme.Type.HTTP)
                    .scheme("bearer")
                    .description("HERALD_ADMIN_TOKEN"))
            .addSchemas(PROBLEM, problem());
    ProblemResponses.addTo(components, PROBLEM);
    return components;
  }

  /**
   * Stable, readable operation ids and tags from the handler ({@code webhooks.create} in tag {@code
   * webhooks}), not springdoc's numbered {@code create_3}.
   */
  @Bean
  OperationCustomizer heraldOperationIds() {
    return (operation, handler) -> {
      String resource =
          handler
              .getBeanType()
              .getSimpleName()
              .replaceFirst("Controller$", "")
              .toLowerCase(Locale.ROOT);
      return operation
          .operationId(resource + "." + handler.getMethod().getName())
          .tags(java.util.List.of(resource));
    };
  }

  /** Security, errors and idempotency keys on every operation, by its path and method. */
  @Bean
  OpenApiCustomizer heraldOperations() {
    return openApi ->
        openApi
            .getPaths()
            .forEach(
                (path, item) ->
                    item.readOperationsMap()
                        .forEach((method, operation) -> complete(path, method, operation)));
  }

  private static void complete(String path, PathItem.HttpMethod method, Operation operation) {
    operation.addSecurityItem(
        new SecurityRequirement().addList(path.startsWith("/admin/") ? ADMIN_TOKEN : API_KEY));
    ProblemResponses.document(path, method, operation);
    operation
        .getResponses()
        .addApiResponse(
            "default",
            new ApiResponse()
                .description("Any other error (RFC 9457 problem details)")
                .content(ProblemResponses.problemContent(PROBLEM)));
    boolean declared =
        operation.getParameters() != null
            && operation.getParameters().stream()
                .anyMatch(p -> IdempotencyKeys.HEADER.equals(p.getName()));
    if (method == PathItem.HttpMethod.POST && path.startsWith("/v1/") && !declared) {
      operation.addParametersItem(
          new HeaderParameter()
              .name(IdempotencyKeys.HEADER)
              .required(false)
              .description(
                  "Retry safely: the same key and request within 24 h get the first response"
                      + " again")
              .schema(new StringSchema().maxLength(255)));
    }
  }

  private static Schema<?> problem() {
    Schema<?> fieldProblem =
        new ObjectSchema()
            .addProperty("field", new StringSchema())
            .addProperty("message", new StringSchema());
    return new ObjectSchema()
        .description("RFC 9457 problem details, with Herald's stable machine code")
        .addProperty("type", new StringSchema())
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema())
        .addProperty("code", new StringSchema())
        .addProperty("errors", new ArraySchema().items(fieldProblem));
  }
}
