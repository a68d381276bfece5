package dev.herald.delivery.worker;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class WorkerLoopUnitTests {

  @Test
  void aRunThatNeverEnds_isCancelledAtItsBound_andTheLoopRunsAgain() {
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    WorkerLoop loop =
        new WorkerLoop(
            "test worker",
            Flux::never,
            () ->
                runs.getAndIncrement() == 0
                    ? Mono.never()
                    : Mono.fromRunnable(finished::incrementAndGet),
            Duration.ofMillis(200));

    loop.start();
    loop.runAgain();

    await().atMost(Duration.ofSeconds(10)).until(() -> finished.get() == 1);
    loop.stop();
  }

  @Test
  void aFailedRun_isLogged_andTheLoopGoesOn() {
    AtomicInteger runs = new AtomicInteger();
    WorkerLoop loop =
        new WorkerLoop(
            "test worker",
            Flux::never,
            () ->
                runs.getAndIncrement() == 0
                    ? Mono.error(new IllegalStateException("boom"))
                    : Mono.empty());

    loop.start();
    loop.runAgain();

    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
    loop.stop();
  }
}
