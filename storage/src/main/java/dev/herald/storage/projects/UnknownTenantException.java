package dev.herald.storage.projects;

/** A project was to be created under a tenant that does not exist. */
public class UnknownTenantException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnknownTenantException(String tenantId) {
    super("no tenant " + tenantId);
  }
}
