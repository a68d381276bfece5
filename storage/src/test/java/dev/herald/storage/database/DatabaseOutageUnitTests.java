package dev.herald.storage.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class DatabaseOutageUnitTests {

  @Test
  void aTimeoutAnywhereInTheCauses_isADatabaseThatDidNotAnswer() {
    var wrapped =
        new DataAccessResourceFailureException("query", new R2dbcTimeoutException("no answer"));
    assertThat(DatabaseOutage.classify(wrapped))
        .hasValueSatisfying(u -> assertThat(u.timedOut()).isTrue());
  }

  @Test
  void refusedOrClosedConnections_areADatabaseThatIsAway() {
    assertThat(DatabaseOutage.classify(new R2dbcNonTransientResourceException("closed")))
        .hasValueSatisfying(u -> assertThat(u.timedOut()).isFalse());
    assertThat(DatabaseOutage.classify(new RuntimeException(new ConnectException("refused"))))
        .isPresent();
    assertThat(DatabaseOutage.classify(new SQLTransientConnectionException("hikari timed out")))
        .isPresent();
    assertThat(
            DatabaseOutage.classify(
                new R2dbcNonTransientResourceException("shutting down", "57P01")))
        .isPresent();
  }

  @Test
  void errorsOfTheStatementItself_areNotAnOutage() {
    assertThat(DatabaseOutage.classify(new R2dbcBadGrammarException("syntax", "42601"))).isEmpty();
    assertThat(
            DatabaseOutage.classify(new R2dbcDataIntegrityViolationException("duplicate", "23505")))
        .isEmpty();
    assertThat(DatabaseOutage.classify(new IllegalStateException("bug"))).isEmpty();
    assertThat(DatabaseOutage.classify(new java.util.concurrent.TimeoutException("webhook")))
        .isEmpty();
  }
}
