package dev.herald.storage.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseLocationUnitTests {

  @Test
  void parsesAFullUrl() {
    DatabaseLocation location =
        DatabaseLocation.parse("postgresql://herald:s%40cret@db.local:6543/events");

    assertThat(location)
        .isEqualTo(new DatabaseLocation("db.local", 6543, "events", "herald", "s@cret"));
    assertThat(location.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db.local:6543/events");
    assertThat(location.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:6543/events");
  }

  @Test
  void acceptsDriverPrefixesAndDefaults() {
    assertThat(DatabaseLocation.parse("jdbc:postgresql://localhost/"))
        .isEqualTo(new DatabaseLocation("localhost", 5432, "postgres", "postgres", ""));
    assertThat(DatabaseLocation.parse("postgres://u@h/d"))
        .isEqualTo(new DatabaseLocation("h", 5432, "d", "u", ""));
  }

  @Test
  void refusesOtherSchemes() {
    assertThatThrownBy(() -> DatabaseLocation.parse("mysql://h/d"))
        .hasMessageContaining("postgresql://");
  }

  @Test
  void neverPrintsThePassword() {
    assertThat(DatabaseLocation.parse("postgresql://u:topsecret@h/d").toString())
        .doesNotContain("topsecret");
  }
}
