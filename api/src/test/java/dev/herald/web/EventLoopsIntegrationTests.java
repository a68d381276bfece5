package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.api.ApiIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/** Herald's I/O shares one set of event loops, sized by the machine's cores. */
class EventLoopsIntegrationTests extends ApiIntegrationTest {

  @Autowired DatabaseClient db;

  @Test
  void databaseReplies_arriveOnTheServersEventLoops_notOnLoopsOfTheirOwn() {
    String thread =
        db.sql("SELECT 1 AS one").map(row -> Thread.currentThread().getName()).one().block();

    assertThat(thread).startsWith("reactor-http-");
  }

  @Test
  void sizeByCores_setsTheLoopCountToTheCores_unlessTheOperatorChoseOne() {
    String before = System.getProperty(EventLoops.WORKER_COUNT);
    try {
      System.clearProperty(EventLoops.WORKER_COUNT);
      EventLoops.sizeByCores();
      assertThat(System.getProperty(EventLoops.WORKER_COUNT))
          .isEqualTo(String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors())));

      System.setProperty(EventLoops.WORKER_COUNT, "7");
      EventLoops.sizeByCores();
      assertThat(System.getProperty(EventLoops.WORKER_COUNT)).isEqualTo("7");
    } finally {
      if (before == null) {
        System.clearProperty(EventLoops.WORKER_COUNT);
      } else {
        System.setProperty(EventLoops.WORKER_COUNT, before);
      }
    }
  }
}
