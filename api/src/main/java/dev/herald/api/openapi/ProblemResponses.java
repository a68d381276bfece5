package dev.herald.api.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The problem+json answers of each operation, decided in one place from what the operation is (its
 * path, method, body and media type, as the README's "Errors" lists them) plus the few that only
 * the handler knows: each status a shared response in {@code components.responses}, so the document
 * names the error once and every operation points at it.
 */
final class ProblemResponses {

  private static final String PROBLEM_JSON = "application/problem+json";

  /** Operations outside the rules below that look a resource up by what the body names. */
  private static final Set<String> FIND_BY_BODY =
      Set.of("gatherings.join", "invitations.acceptByToken", "invitations.declineByToken");

  /** Operations other than POSTs that a resource's state can refuse. */
  private static final Set<String> STATE_CONFLICTS =
      Set.of(
          "gatherings.update",
          "members.update",
          "members.remove",
          "participants.delete",
          "webhooks.secret");

  /** Operations limited by a rate: failed join-code look-ups. */
  private static final Set<String> RATE_LIMITED = Set.of("gatherings.join");

  private record Answer(String name, String description, boolean retryAfter) {}

  private static final Map<String, Answer> ANSWERS = new LinkedHashMap<>();

  static {
    ANSWERS.put(
        "400",
        new Answer(
            "BadRequest",
            "The request is malformed: a URI spelled oddly, a parameter with a control character"
                + " or out of range, malformed JSON, an unknown field or a wrong type",
            false));
    ANSWERS.put(
        "401",
        new Answer("Unauthorized", "No valid credential for this route (or a revoked one)", false));
    ANSWERS.put(
        "404",
        new Answer(
            "NotFound",
            "No such resource in this project (another project's resource included)",
            false));
    ANSWERS.put(
        "409",
        new Answer(
            "Conflict",
            "The resource's state does not allow this, or the Idempotency-Key is in use by a"
                + " request still running",
            false));
    ANSWERS.put(
        "413",
        new Answer("ContentTooLarge", "The request body is over HERALD_API_MAX_BODY_SIZE", false));
    ANSWERS.put(
        "422",
        new Answer(
            "ValidationFailed",
            "Invalid values, each named in errors (or an Idempotency-Key reused for another"
                + " request)",
            false));
    ANSWERS.put(
        "429",
        new Answer(
            "TooManyRequests",
            "A limit is reached (open streams per key or project, failed join-code look-ups);"
                + " retry after Retry-After",
            true));
    ANSWERS.put(
        "503",
        new Answer(
            "DatabaseUnavailable",
            "The database is unavailable or did not answer in time (code database_unavailable);"
                + " retry after Retry-After, a write with the same Idempotency-Key",
            true));
  }

  private ProblemResponses() {}

  /** The shared responses, each a problem+json body of {@code problemSchema}. */
  static void addTo(Components components, String problemSchema) {
    ANSWERS
        .values()
        .forEach(
            answer -> {
              ApiResponse response =
                  new ApiResponse()
                      .description(answer.description())
                      .content(problemContent(problemSchema));
              if (answer.retryAfter()) {
                response.addHeaderObject(
                    "Retry-After",
                    new Header()
                        .description("Seconds to wait before retrying")
                        .schema(new IntegerSchema()));
              }
              components.addResponses(answer.name(), response);
            });
  }

  /** The problem+json body of {@code problemSchema}. */
  static Content problemContent(String problemSchema) {
    return new Content()
        .addMediaType(
            PROBLEM_JSON,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + problemSchema)));
  }

  /** Adds the error answers that apply to {@code operation} on {@code path}. */
  static void document(String path, PathItem.HttpMethod method, Operation operation) {
    boolean admin = path.startsWith("/admin/");
    boolean post = method == PathItem.HttpMethod.POST;
    boolean body = operation.getRequestBody() != null;
    String id = operation.getOperationId();
    ApiResponses responses = operation.getResponses();
    refer(responses, "400");
    refer(responses, "401");
    // without HERALD_ADMIN_TOKEN the admin API does not exist
    if (path.contains("{") || admin || FIND_BY_BODY.contains(id)) {
      refer(responses, "404");
    }
    if ((post && !admin) || STATE_CONFLICTS.contains(id)) {
      refer(responses, "409");
    }
    if (body) {
      refer(responses, "413");
    }
    if (body || (post && !admin)) {
      refer(responses, "422");
    }
    if (isStream(operation) || RATE_LIMITED.contains(id)) {
      refer(responses, "429");
    }
    refer(responses, "503");
  }

  private static void refer(ApiResponses responses, String status) {
    responses.addApiResponse(
        status, new ApiResponse().$ref("#/components/responses/" + ANSWERS.get(status).name()));
  }

  private static boolean isStream(Operation operation) {
    ApiResponse ok = operation.getResponses().get("200");
    return ok != null
        && ok.getContent() != null
        && ok.getContent().containsKey(org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE);
  }
}
