package dev.herald.api.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema stays ready to be distributed by project (PostgreSQL with Citus, each project's rows
 * on one node): read from the catalog of a database made by every migration, every table whose rows
 * belong to a project carries {@code project_id}, and each of its primary and unique keys includes
 * it (a distributed table's unique keys must include its distribution column).
 */
class DistributionReadySchemaIntegrationTests {

  /**
   * The tables whose rows belong to no project: the tenants and projects themselves, the fan-out's
   * one cursor, the check of the secrets' key, and the tables of Flyway and Quartz (reference or
   * local tables in a distributed database).
   */
  private static final Set<String> GLOBAL =
      Set.of("tenants", "projects", "fanout_cursor", "secrets_key_check");

  /**
   * A project's rows, found by a credential (a key's hash, a token) before the project is known.
   */
  private static final Set<String> REFERENCE = Set.of("api_keys", "stream_tokens");

  @TempDir static Path dataDir;
  private static EmbeddedPostgres postgres;
  private static DataSource database;

  @BeforeAll
  static void migrateAFreshDatabase() throws Exception {
    postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg")).start();
    database = postgres.getPostgresDatabase();
    Flyway.configure()
        .dataSource(database)
        .locations("classpath:db/migration")
        .outOfOrder(true)
        .load()
        .migrate();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void everyProjectsTable_carriesProjectId() throws Exception {
    List<String> without =
        query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                + " AND NOT c.relispartition AND c.relname NOT LIKE 'qrtz\\_%'"
                + " AND c.relname <> 'flyway_schema_history'"
                + " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid"
                + " AND a.attname = 'project_id' AND NOT a.attisdropped)"
                + " ORDER BY 1");

    assertThat(new TreeSet<>(without)).isEqualTo(new TreeSet<>(GLOBAL));
  }

  @Test
  void everyPrimaryAndUniqueKeyOfAProjectsTable_includesProjectId() throws Exception {
    // unique indexes too: a unique constraint is one, and so is a unique index made without one
    List<String> keys =
        query(
            "SELECT c.relname || ': ' || i.relname FROM pg_index x"
                + " JOIN pg_class c ON c.oid = x.indrelid"
                + " JOIN pg_class i ON i.oid = x.indexrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND x.indisunique"
                + " AND c.relname <> ALL (CAST(? AS text[]))"
                + " AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid"
                + " AND a.attname = 'project_id' AND NOT a.attisdropped)"
                + " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid"
                + " AND a.attname = 'project_id' AND a.attnum = ANY (x.indkey))"
                + " ORDER BY 1",
            REFERENCE.toArray(String[]::new));

    assertThat(keys).isEmpty();
  }

  private static List<String> query(String sql, String[]... arrays) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < arrays.length; i++) {
        statement.setArray(i + 1, connection.createArrayOf("text", arrays[i]));
      }
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(result.getString(1));
        }
      }
    }
    return rows;
  }
}
