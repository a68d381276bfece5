package dev.herald.delivery.dispatch;

import dev.herald.storage.batching.GroupCommit;
import dev.herald.storage.deliveries.AttemptOutcome;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Records finished attempts together: one transaction of a few statements for many attempts instead
 * of several round trips each (group commit; a lone attempt is recorded at once, and attempts
 * finishing while a batch commits go into the next). An attempt's slot is freed only once its batch
 * has committed, so recording keeps pace with sending; a batch that fails leaves its deliveries
 * leased, and the lease brings them back.
 */
@Component
class AttemptRecorder {

  private static final int BATCH = 256;
  private static final int BATCHES_IN_FLIGHT = 2;

  private final GroupCommit<AttemptOutcome, Void> commits;

  AttemptRecorder(DeliveryTransitions transitions) {
    this.commits =
        new GroupCommit<>(
            outcomes -> transitions.recordAttempts(outcomes).then(Mono.empty()),
            BATCH,
            BATCHES_IN_FLIGHT);
  }

  /** Completes once the outcome is committed (or errors if its batch failed). */
  Mono<Void> record(AttemptOutcome outcome) {
    return commits.submit(outcome);
  }
}
