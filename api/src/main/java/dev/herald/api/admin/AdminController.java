package dev.herald.api.admin;

import dev.herald.api.security.ApiKeyCache;
import dev.herald.storage.projects.ApiKeyRepository;
import dev.herald.storage.projects.ProjectRepository;
import dev.herald.storage.projects.UnknownTenantException;
import dev.herald.web.ApiException;
import dev.herald.web.Violations;
import dev.herald.web.streams.OpenStreams;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The operator's API: projects and their keys. */
@RestController
@RequestMapping("/admin")
class AdminController {

  private final ProjectRepository projects;
  private final ApiKeyRepository keys;
  private final ApiKeyCache cache;
  private final OpenStreams openStreams;

  AdminController(
      ProjectRepository projects,
      ApiKeyRepository keys,
      ApiKeyCache cache,
      OpenStreams openStreams) {
    this.projects = projects;
    this.keys = keys;
    this.cache = cache;
    this.openStreams = openStreams;
  }

  /** A new project. */
  record ProjectIn(String name, String tenantId, String tenantName) {}

  /** A created project and its first key, shown once. */
  record ProjectOut(String tenantId, String projectId, String name, String keyId, String apiKey) {}

  /** A new key, shown once. */
  record KeyOut(String id, String projectId, String apiKey) {}

  @PostMapping("/projects")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ProjectOut> createProject(@RequestBody ProjectIn in) {
    new Violations()
        .check(in.name() != null && !in.name().isBlank(), "name", "is required")
        .check(
            in.name() == null || in.name().length() <= 200, "name", "is longer than 200 characters")
        .check(
            in.tenantName() == null || in.tenantName().length() <= 200,
            "tenantName",
            "is longer than 200 characters")
        .throwIfAny();
    return projects
        .create(in.tenantId(), in.tenantName(), in.name().trim())
        .onErrorMap(
            UnknownTenantException.class,
            e ->
                new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "validation_failed",
                    "tenantId: no tenant " + in.tenantId(),
                    List.of(
                        new ApiException.FieldProblem("tenantId", "no tenant " + in.tenantId()))))
        .map(
            created ->
                new ProjectOut(
                    created.project().tenantId(),
                    created.project().projectId(),
                    created.projectName(),
                    created.key().id(),
                    created.key().secret()));
  }

  @PostMapping("/projects/{projectId}/keys")
  @ResponseStatus(HttpStatus.CREATED)
  Mono<KeyOut> createKey(@PathVariable String projectId) {
    return projects
        .find(projectId)
        .switchIfEmpty(Mono.error(ApiException.notFound("project", projectId)))
        .flatMap(project -> keys.issue(project.projectId()))
        .map(key -> new KeyOut(key.id(), key.projectId(), key.secret()));
  }

  @DeleteMapping("/keys/{keyId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> revokeKey(@PathVariable String keyId) {
    // this instance forgets the key and closes its streams at once; the others within
    // herald.events.stream.revocation-check (streams) and ApiKeyCache.TTL (requests)
    return keys.revoke(keyId)
        .doOnNext(
            revoked -> {
              cache.clear();
              openStreams.closeKeys(List.of(keyId));
            })
        .flatMap(
            revoked ->
                revoked
                    ? Mono.<Void>empty()
                    : Mono.error(ApiException.notFound("active key", keyId)));
  }
}
