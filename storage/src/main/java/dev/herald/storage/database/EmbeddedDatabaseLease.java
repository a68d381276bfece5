package dev.herald.storage.database;

import java.nio.file.Path;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Releases this application context's hold on the embedded server when the context closes. */
@Component
@ConditionalOnProperty(
    name = DatabaseEnvironmentPostProcessor.EMBEDDED_PROPERTY,
    havingValue = "true")
class EmbeddedDatabaseLease implements DisposableBean {

  private final Path dataDir;

  EmbeddedDatabaseLease(
      @Value("${" + DatabaseEnvironmentPostProcessor.EMBEDDED_DIR_PROPERTY + "}") String dataDir) {
    this.dataDir = Path.of(dataDir);
  }

  @Override
  public void destroy() {
    EmbeddedDatabase.release(dataDir);
  }
}
