package dev.herald.api.webhooks;

import dev.herald.delivery.catalog.EventCatalog;
import dev.herald.delivery.destination.DestinationPolicy;
import dev.herald.delivery.dispatch.WebhookSender;
import dev.herald.delivery.matching.EventTypePattern;
import dev.herald.delivery.matching.InvalidPatternException;
import dev.herald.delivery.signing.WebhookSecrets;
import dev.herald.web.ApiException;
import dev.herald.web.Violations;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The rules of a webhook's fields, shared by create and update. */
@Component
class WebhookValidation {

  static final int MAX_RATE_LIMIT = 10_000;
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

  private final EventCatalog catalog;
  private final DestinationPolicy destinations;

  WebhookValidation(EventCatalog catalog, DestinationPolicy destinations) {
    this.catalog = catalog;
    this.destinations = destinations;
  }

  /** A signature scheme, when given, is one Herald signs with. */
  static void checkScheme(Violations violations, String scheme) {
    violations.check(
        scheme == null
            || scheme.equals(WebhookSecrets.HMAC_SHA256)
            || scheme.equals(WebhookSecrets.ED25519),
        "signatureScheme",
        "must be '" + WebhookSecrets.HMAC_SHA256 + "' or '" + WebhookSecrets.ED25519 + "'");
  }

  /** Checks the fields that are present; {@code creating} makes url and eventTypes required. */
  void check(
      Violations violations,
      boolean creating,
      String url,
      List<String> eventTypes,
      String description,
      JsonNode headers,
      JsonNode metadata,
      Integer rateLimit) {
    if (url == null) {
      violations.check(!creating, "url", "is required");
    } else {
      String refusal = destinations.checkForm(url);
      violations.check(refusal == null, "url", refusal);
    }
    if (eventTypes == null) {
      violations.check(
          !creating, "eventTypes", "is required: event types or patterns such as message.*");
    } else if (eventTypes.isEmpty() || eventTypes.size() > 100) {
      violations.add("eventTypes", "must list 1 to 100 event types or patterns");
    } else {
      for (int i = 0; i < eventTypes.size(); i++) {
        String problem = patternProblem(eventTypes.get(i));
        violations.check(problem == null, "eventTypes[" + i + "]", problem);
      }
    }
    violations.check(
        rateLimit == null || (rateLimit >= 0 && rateLimit <= MAX_RATE_LIMIT),
        "rateLimit",
        "must be 1 to " + MAX_RATE_LIMIT + " deliveries per second, or 0 for no limit");
    violations.check(
        description == null || description.length() <= 1000,
        "description",
        "is longer than 1000 characters");
    if (headers != null && !headers.isNull()) {
      if (!headers.isObject()) {
        violations.add("headers", "must be an object of header names to string values");
      } else {
        headers
            .properties()
            .forEach(
                h -> {
                  String name = h.getKey();
                  violations.check(
                      HEADER_NAME.matcher(name).matches(),
                      "headers." + name,
                      "is not a valid header name");
                  violations.check(
                      !WebhookSender.RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT)),
                      "headers." + name,
                      "is set by Herald and cannot be overridden");
                  violations.check(
                      h.getValue().isString()
                          && h.getValue().asString().length() <= 4096
                          && !h.getValue().asString().contains("\n")
                          && !h.getValue().asString().contains("\r"),
                      "headers." + name,
                      "must be a single-line string");
                });
      }
    }
    violations.check(
        metadata == null || metadata.isNull() || metadata.isObject(),
        "metadata",
        "must be a JSON object");
  }

  /** Refuses a URL that resolves to an internal address (unless allowed); 422. */
  Mono<Void> checkAddress(String url) {
    if (url == null) {
      return Mono.empty();
    }
    return destinations
        .checkAddress(url)
        .flatMap(
            refusal ->
                Mono.<Void>error(
                    new ApiException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "validation_failed",
                        "url: " + refusal,
                        List.of(new ApiException.FieldProblem("url", refusal)))));
  }

  private String patternProblem(String text) {
    EventTypePattern pattern;
    try {
      pattern = EventTypePattern.parse(text);
    } catch (InvalidPatternException e) {
      return e.getMessage();
    }
    if (!pattern.isWildcard() && !catalog.contains(pattern.text())) {
      return "'" + text + "' is not in the event catalog (see GET /v1/event-types)";
    }
    if (pattern.isWildcard()
        && !pattern.isEverything()
        && catalog.all().stream().noneMatch(t -> pattern.matches(t.type()))) {
      return "'" + text + "' matches no type in the event catalog";
    }
    return null;
  }
}
