package dev.herald.storage.projects;

import dev.herald.storage.ids.Ids;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Tenants and their projects. */
@Repository
public class ProjectRepository {

  private final DatabaseClient db;
  private final TransactionalOperator tx;
  private final ApiKeyRepository keys;

  public ProjectRepository(DatabaseClient db, TransactionalOperator tx, ApiKeyRepository keys) {
    this.db = db;
    this.tx = tx;
    this.keys = keys;
  }

  /**
   * Creates a project with its first API key; under {@code tenantId} when given (it must exist),
   * otherwise under a new tenant named {@code tenantName}.
   */
  public Mono<NewProject> create(String tenantId, String tenantName, String projectName) {
    Mono<String> tenant =
        tenantId != null
            ? db.sql("SELECT id FROM tenants WHERE id = :id")
                .bind("id", tenantId)
                .map(row -> row.get("id", String.class))
                .one()
                .switchIfEmpty(Mono.error(new UnknownTenantException(tenantId)))
            : insertTenant(tenantName == null ? projectName : tenantName);
    return tenant
        .flatMap(
            tenantIdFound -> {
              ProjectRef project = new ProjectRef(tenantIdFound, Ids.newId("prj"));
              return db.sql(
                      "INSERT INTO projects (id, tenant_id, name) VALUES (:id, :tenantId, :name)")
                  .bind("id", project.projectId())
                  .bind("tenantId", project.tenantId())
                  .bind("name", projectName)
                  .then()
                  .then(keys.issue(project.projectId()))
                  .map(key -> new NewProject(project, projectName, key));
            })
        .as(tx::transactional);
  }

  /** The project with this id, or empty. */
  public Mono<ProjectRef> find(String projectId) {
    return db.sql("SELECT id, tenant_id FROM projects WHERE id = :id")
        .bind("id", projectId)
        .map(row -> new ProjectRef(row.get("tenant_id", String.class), row.get("id", String.class)))
        .one();
  }

  /** The name of a project, or empty. */
  public Mono<String> name(String projectId) {
    return db.sql("SELECT name FROM projects WHERE id = :id")
        .bind("id", projectId)
        .map(row -> row.get("name", String.class))
        .one();
  }

  private Mono<String> insertTenant(String name) {
    String id = Ids.newId("ten");
    return db.sql("INSERT INTO tenants (id, name) VALUES (:id, :name)")
        .bind("id", id)
        .bind("name", name)
        .then()
        .thenReturn(id);
  }
}
