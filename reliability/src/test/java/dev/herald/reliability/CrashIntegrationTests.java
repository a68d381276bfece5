package dev.herald.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Herald's packaged jar, under steady publishing to a healthy, a slow and a failing-then-recovering
 * receiver, killed with {@code kill -9} at random moments and restarted each time. The short form
 * runs in every build; {@code -Dherald.soak=true} runs the soak. Each drill's summary is written to
 * {@code target/reliability/<crash>.md}.
 */
class CrashIntegrationTests {

  private static final Path JAR = Path.of("..", "api", "target", "herald.jar");
  private static final Path WORK = Path.of("target", "reliability");

  /** The assertions every crash must pass, on one drill run. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Drill {

    private CrashReport report;

    abstract Victim victim();

    @BeforeAll
    void crashRepeatedly() throws Exception {
      CrashPlan plan = CrashPlan.forThisRun(victim());
      // a drill that goes wrong stops at its bound (its processes are stopped on the way out)
      report = assertTimeoutPreemptively(plan.bound(), () -> CrashDrill.run(plan, JAR, WORK));
      Files.writeString(
          WORK.resolve(victim().name().toLowerCase(Locale.ROOT) + ".md"), report.table() + "\n");
      System.out.println(report.table());
    }

    @Test
    void everyRestartSucceedsAtTheFirstTry() {
      assertThat(report.restarts())
          .as(report.table())
          .hasSize(report.plan().kills())
          .allMatch(CrashReport.Restart::atFirstTry);
    }

    @Test
    void everyAcknowledgedEventReachesEveryEndpoint() {
      assertThat(report.acknowledged()).as(report.table()).isPositive();
      assertThat(report.settled()).as(report.table()).isTrue();
      assertThat(report.endpoints())
          .as(report.table())
          .hasSize(3)
          .allMatch(endpoint -> endpoint.lost() == 0);
    }
  }

  @Nested
  class KillingHerald extends Drill {
    @Override
    Victim victim() {
      return Victim.HERALD;
    }
  }

  @Nested
  class KillingHeraldAndItsPostgres extends Drill {
    @Override
    Victim victim() {
      return Victim.HERALD_AND_POSTGRES;
    }
  }
}
