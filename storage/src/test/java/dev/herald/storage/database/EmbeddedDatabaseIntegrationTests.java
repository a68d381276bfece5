package dev.herald.storage.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIntegrationTests {

  @TempDir Path dataDir;

  @Test
  void aFolderInUseByAnotherHerald_isRefused_andItsServerLeftAlone() throws Exception {
    Files.createDirectories(dataDir);
    try (FileChannel other =
            FileChannel.open(
                dataDir.resolve("herald.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock held = other.lock()) {
      assertThatThrownBy(() -> EmbeddedDatabase.acquire(dataDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another Herald");
    }
    assertThat(dataDir.resolve("postgres")).doesNotExist();

    EmbeddedDatabase.acquire(dataDir); // once the other lets go, the folder is this one's
    EmbeddedDatabase.release(dataDir);
  }

  @Test
  void dataSurvivesAStopAndAStart() throws SQLException {
    DatabaseLocation first = EmbeddedDatabase.acquire(dataDir);
    try (Connection c = connect(first);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (value text)");
      s.execute("INSERT INTO kept VALUES ('still here')");
    } finally {
      EmbeddedDatabase.release(dataDir);
    }

    DatabaseLocation second = EmbeddedDatabase.acquire(dataDir);
    try (Connection c = connect(second);
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT value FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("still here");
    } finally {
      EmbeddedDatabase.release(dataDir);
    }
  }

  @Test
  void twoUsersShareOneServer_untilTheLastReleasesIt() throws SQLException {
    DatabaseLocation first = EmbeddedDatabase.acquire(dataDir);
    DatabaseLocation second = EmbeddedDatabase.acquire(dataDir);
    assertThat(second.port()).isEqualTo(first.port());

    EmbeddedDatabase.release(dataDir);
    try (Connection c = connect(second)) {
      assertThat(c.isValid(5)).isTrue();
    } finally {
      EmbeddedDatabase.release(dataDir);
    }
  }

  @Test
  void runsDurably_aCommitIsOnDiskBeforeItIsAcknowledged() throws SQLException {
    DatabaseLocation location = EmbeddedDatabase.acquire(dataDir);
    try (Connection c = connect(location)) {
      assertThat(setting(c, "synchronous_commit")).isEqualTo("on");
      assertThat(setting(c, "fsync")).isEqualTo("on");
      assertThat(setting(c, "full_page_writes")).isEqualTo("on");
    } finally {
      EmbeddedDatabase.release(dataDir);
    }
  }

  @Test
  void notDurable_onlyCommitsWithoutWaitingForTheDisk() throws SQLException {
    DatabaseLocation location = EmbeddedDatabase.acquire(dataDir, false);
    try (Connection c = connect(location)) {
      assertThat(setting(c, "synchronous_commit")).isEqualTo("off");
      assertThat(setting(c, "fsync")).isEqualTo("on");
      assertThat(setting(c, "full_page_writes")).isEqualTo("on");
    } finally {
      EmbeddedDatabase.release(dataDir);
    }
  }

  private static String setting(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SHOW " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static Connection connect(DatabaseLocation location) throws SQLException {
    return DriverManager.getConnection(
        location.jdbcUrl(), location.username(), location.password());
  }
}
