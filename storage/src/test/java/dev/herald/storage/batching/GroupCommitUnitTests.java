package dev.herald.storage.batching;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class GroupCommitUnitTests {

  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final List<Sinks.Empty<Void>> open = new CopyOnWriteArrayList<>();

  /** A writer whose batches stay open until the test completes them. */
  private Mono<List<Integer>> held(List<Integer> batch) {
    batches.add(batch);
    Sinks.Empty<Void> done = Sinks.empty();
    open.add(done);
    return done.asMono().then(Mono.empty());
  }

  @Test
  void aLoneItemIsWrittenAtOnce() {
    GroupCommit<Integer, Integer> commits = new GroupCommit<>(batch -> record(batch), 10, 1);

    StepVerifier.create(commits.submit(3))
        .expectNext(9)
        .expectComplete()
        .verify(Duration.ofSeconds(5));

    assertThat(batches).containsExactly(List.of(3));
  }

  @Test
  void itemsArrivingWhileWritersAreBusyGoInTheNextBatch() {
    GroupCommit<Integer, Integer> commits = new GroupCommit<>(this::held, 3, 1);
    List<Mono<Integer>> results =
        Flux.range(1, 5).map(i -> commits.submit(i).cache()).collectList().block();
    results.forEach(r -> r.subscribe());

    assertThat(batches).containsExactly(List.of(1));
    open.get(0).tryEmitEmpty();
    assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4));
    open.get(1).tryEmitEmpty();
    assertThat(batches).containsExactly(List.of(1), List.of(2, 3, 4), List.of(5));
    open.get(2).tryEmitEmpty();

    results.forEach(r -> StepVerifier.create(r).expectComplete().verify(Duration.ofSeconds(5)));
  }

  @Test
  void upToMaxInFlightBatchesAreWrittenAtOnce() {
    GroupCommit<Integer, Integer> commits = new GroupCommit<>(this::held, 10, 2);
    Flux.range(1, 4).flatMap(commits::submit).subscribe();

    assertThat(batches).containsExactly(List.of(1), List.of(2));
    open.get(1).tryEmitEmpty();
    assertThat(batches).containsExactly(List.of(1), List.of(2), List.of(3, 4));
  }

  @Test
  void aFailedBatchFailsOnlyItsOwnItems() {
    GroupCommit<Integer, Integer> commits = new GroupCommit<>(this::held, 10, 1);
    Mono<Integer> first = commits.submit(1).cache();
    Mono<Integer> second = commits.submit(2).cache();
    first.subscribe(null, e -> {});
    second.subscribe(null, e -> {});

    open.get(0).tryEmitError(new IllegalStateException("disk full"));
    open.get(1).tryEmitEmpty();

    StepVerifier.create(first).expectErrorMessage("disk full").verify(Duration.ofSeconds(5));
    StepVerifier.create(second).expectComplete().verify(Duration.ofSeconds(5));
    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void aWriterThatThrowsFailsItsBatchAndTheNextBatchStillRuns() {
    GroupCommit<Integer, Integer> commits =
        new GroupCommit<>(
            batch -> {
              if (batch.contains(1)) {
                throw new IllegalArgumentException("bad item");
              }
              return record(batch);
            },
            10,
            1);

    StepVerifier.create(commits.submit(1)).expectErrorMessage("bad item").verify();
    StepVerifier.create(commits.submit(2))
        .expectNext(4)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
    assertThat(batches).containsExactly(List.of(2));
  }

  @Test
  void manyConcurrentSubmittersAreAllWrittenExactlyOnce() {
    GroupCommit<Integer, Integer> commits =
        new GroupCommit<>(
            batch ->
                Mono.delay(Duration.ofMillis(1)).then(record(batch)), // completes on another thread
            16,
            2);

    List<Integer> results =
        Flux.range(0, 2_000)
            .parallel(4)
            .runOn(reactor.core.scheduler.Schedulers.parallel())
            .flatMap(i -> commits.submit(i).map(square -> square - i * i))
            .sequential()
            .collectList()
            .block(Duration.ofSeconds(30));

    assertThat(results).hasSize(2_000).containsOnly(0); // each got its own item's result
    List<Integer> written = batches.stream().flatMap(List::stream).sorted().toList();
    assertThat(written).isEqualTo(Flux.range(0, 2_000).collectList().block());
    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(16));
  }

  /** Writes the batch; each item's result is its square. */
  private Mono<List<Integer>> record(List<Integer> batch) {
    return Mono.fromCallable(
        () -> {
          batches.add(batch);
          return batch.stream().map(i -> i * i).toList();
        });
  }
}
