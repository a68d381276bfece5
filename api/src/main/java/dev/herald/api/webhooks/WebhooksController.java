package dev.herald.api.webhooks;

import dev.herald.api.deliveries.DeliveryLog;
import dev.herald.api.webhooks.TestSends.TestIn;
import dev.herald.api.webhooks.TestSends.TestOut;
import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.catalog.EventType;
import dev.herald.delivery.dispatch.DeliveryState;
import dev.herald.delivery.dispatch.DeliveryTransitions;
import dev.herald.delivery.signing.WebhookSecrets;
import dev.herald.storage.ids.Ids;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.webhooks.Webhook;
import dev.herald.storage.webhooks.WebhookChanges;
import dev.herald.storage.webhooks.WebhookRepository;
import dev.herald.web.ApiException;
import dev.herald.web.ListOut;
import dev.herald.web.Paging;
import dev.herald.web.TimeInput;
import dev.herald.web.Violations;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code /v1/webhooks}: subscriptions, their secrets (and rotation), test sends, recovery of failed
 * deliveries, and their delivery logs.
 */
@RestController
@RequestMapping("/v1/webhooks")
class WebhooksController {

  private final WebhookRepository webhooks;
  private final WebhookValidation validation;
  private final TestSends testSends;
  private final DeliveryLog deliveryLog;
  private final DeliveryTransitions transitions;
  private final WebhookProperties properties;

  WebhooksController(
      WebhookRepository webhooks,
      WebhookValidation validation,
      TestSends testSends,
      DeliveryLog deliveryLog,
      DeliveryTransitions transitions,
      WebhookProperties properties) {
    this.webhooks = webhooks;
    this.validation = validation;
    this.testSends = testSends;
    this.deliveryLog = deliveryLog;
    this.transitions = transitions;
    this.properties = properties;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<WebhookOut> create(ProjectRef caller, @RequestBody WebhookIn in) {
    Violations violations = new Violations();
    validation.check(
        violations,
        true,
        in.url(),
        in.eventTypes(),
        in.description(),
        in.headers(),
        in.metadata(),
        in.rateLimit());
    WebhookValidation.checkScheme(violations, in.signatureScheme());
    violations.throwIfAny();
    String secret = WebhookSecrets.generate(in.signatureScheme());
    Webhook webhook =
        Webhook.create(
            caller.projectId(),
            Ids.newId("wh"),
            in.url(),
            in.description() == null ? "" : in.description(),
            in.eventTypes().stream().distinct().toList(),
            in.enabled() == null || in.enabled(),
            objectOrEmpty(in.headers()),
            objectOrEmpty(in.metadata()),
            secret,
            in.rateLimit() == null || in.rateLimit() == 0 ? null : in.rateLimit());
    return validation
        .checkAddress(in.url())
        .then(webhooks.create(webhook))
        .map(created -> WebhookOut.of(created).withSecret(secret));
  }

  @GetMapping
  Mono<ListOut<WebhookOut>> list(
      ProjectRef caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    int pageSize = Paging.limit(limit);
    Mono<Boolean> cursorKnown =
        after == null ? Mono.just(true) : webhooks.find(caller.projectId(), after).hasElement();
    return cursorKnown
        .filter(Boolean::booleanValue)
        .switchIfEmpty(
            Mono.error(
                () -> ApiException.badRequest("after: no webhook " + after + " in this project")))
        .flatMap(
            known ->
                webhooks
                    .list(caller.projectId(), after, pageSize + 1)
                    .map(WebhookOut::of)
                    .collectList()
                    .map(page -> ListOut.of(page, pageSize, WebhookOut::id)));
  }

  @GetMapping("/{webhookId}")
  Mono<WebhookOut> get(ProjectRef caller, @PathVariable String webhookId) {
    return find(caller, webhookId).map(WebhookOut::of);
  }

  /** The webhook's key, or a 409 when the stored one does not open (see SecretBox). */
  private static String signingKey(Webhook webhook) {
    if (webhook.secret() == null) {
      throw ApiException.conflict(
          "The signing secret of webhook "
              + webhook.id()
              + " does not open (altered in the database, or sealed under another"
              + " HERALD_SECRETS_KEY): rotate it with POST /v1/webhooks/"
              + webhook.id()
              + "/rotate-secret");
    }
    return webhook.secret();
  }

  @GetMapping("/{webhookId}/secret")
  Mono<SecretOut> secret(ProjectRef caller, @PathVariable String webhookId) {
    return find(caller, webhookId).map(webhook -> SecretOut.of(signingKey(webhook)));
  }

  /**
   * How long the old key keeps signing (the configured grace period when absent), and the new key's
   * scheme (the current one when absent: a rotation can move between schemes).
   */
  record RotateIn(Long graceSeconds, String signatureScheme) {}

  @PostMapping("/{webhookId}/rotate-secret")
  Mono<SecretOut> rotateSecret(
      ProjectRef caller,
      @PathVariable String webhookId,
      @RequestBody(required = false) RotateIn in) {
    Duration grace =
        in == null || in.graceSeconds() == null
            ? properties.rotationGrace()
            : Duration.ofSeconds(in.graceSeconds());
    if (grace.isNegative() || grace.compareTo(Duration.ofDays(7)) > 0) {
      throw Violations.invalid("graceSeconds", "must be between 0 and 604800 (7 days)");
    }
    String scheme = in == null ? null : in.signatureScheme();
    Violations violations = new Violations();
    WebhookValidation.checkScheme(violations, scheme);
    violations.throwIfAny();
    return find(caller, webhookId)
        .flatMap(
            current ->
                webhooks.rotateSecret(
                    caller.projectId(),
                    webhookId,
                    WebhookSecrets.generate(
                        scheme == null ? WebhookSecrets.scheme(current.secret()) : scheme),
                    grace))
        .switchIfEmpty(Mono.error(ApiException.notFound("webhook", webhookId)))
        .map(rotated -> SecretOut.of(rotated.secret()));
  }

  /** Which failed deliveries to send again: those created since {@code since}. */
  record RecoverIn(String since) {}

  /** How many failed deliveries were made due again. */
  record RecoverOut(long recovered) {}

  @PostMapping("/{webhookId}/recover")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Mono<RecoverOut> recover(
      ProjectRef caller, @PathVariable String webhookId, @RequestBody RecoverIn in) {
    Violations violations = new Violations();
    violations.check(in.since() != null, "since", "is required");
    Instant since = TimeInput.field(violations, "since", in.since());
    violations.throwIfAny();
    return find(caller, webhookId)
        .flatMap(webhook -> transitions.recover(caller.projectId(), webhookId, since))
        .map(count -> new RecoverOut(count));
  }

  @PatchMapping("/{webhookId}")
  Mono<WebhookOut> update(
      ProjectRef caller, @PathVariable String webhookId, @RequestBody WebhookPatch patch) {
    Violations violations = new Violations();
    validation.check(
        violations,
        false,
        patch.url(),
        patch.eventTypes(),
        patch.description(),
        patch.headers(),
        patch.metadata(),
        patch.rateLimit());
    violations.throwIfAny();
    WebhookChanges changes =
        new WebhookChanges(
            patch.url(),
            patch.description(),
            patch.eventTypes() == null ? null : patch.eventTypes().stream().distinct().toList(),
            patch.enabled(),
            patch.headers() == null || patch.headers().isNull() ? null : patch.headers(),
            patch.metadata() == null || patch.metadata().isNull() ? null : patch.metadata(),
            patch.rateLimit());
    return validation
        .checkAddress(patch.url())
        .then(webhooks.update(caller.projectId(), webhookId, changes))
        .switchIfEmpty(Mono.error(ApiException.notFound("webhook", webhookId)))
        .map(WebhookOut::of);
  }

  @DeleteMapping("/{webhookId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(ProjectRef caller, @PathVariable String webhookId) {
    return webhooks
        .delete(caller.projectId(), webhookId)
        .flatMap(
            deleted ->
                deleted
                    ? Mono.<Void>empty()
                    : Mono.error(ApiException.notFound("webhook", webhookId)));
  }

  @GetMapping("/{webhookId}/deliveries")
  Mono<ListOut<DeliveryState>> deliveries(
      ProjectRef caller,
      @PathVariable String webhookId,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String eventType,
      @RequestParam(required = false) String since,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    return find(caller, webhookId)
        .then(deliveryLog.list(caller, webhookId, status, eventType, since, limit, after));
  }

  @PostMapping("/{webhookId}/test")
  Mono<TestOut> test(
      ProjectRef caller, @PathVariable String webhookId, @RequestBody(required = false) TestIn in) {
    EventType type = testSends.type(in);
    return find(caller, webhookId)
        .flatMap(webhook -> testSends.send(caller, webhook, signingKey(webhook), type));
  }

  private Mono<Webhook> find(ProjectRef caller, String webhookId) {
    return webhooks
        .find(caller.projectId(), webhookId)
        .switchIfEmpty(Mono.error(ApiException.notFound("webhook", webhookId)));
  }

  private static JsonNode objectOrEmpty(JsonNode node) {
    return node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
  }
}
