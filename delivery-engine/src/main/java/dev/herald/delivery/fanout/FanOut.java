package dev.herald.delivery.fanout;

import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.dispatch.Dispatcher;
import dev.herald.delivery.feed.LiveEventFeed;
import dev.herald.delivery.worker.LoopWorker;
import dev.herald.delivery.worker.WorkerLoop;
import dev.herald.storage.deliveries.ClaimedDelivery;
import dev.herald.storage.deliveries.DeliveryRepository;
import dev.herald.storage.deliveries.NewDelivery;
import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventSignals;
import dev.herald.storage.events.FanoutCursor;
import dev.herald.storage.events.LogEntry;
import dev.herald.storage.webhooks.Webhook;
import dev.herald.storage.webhooks.WebhookRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The fan-out stage: reads the event log past its cursor, in an order that never skips a late
 * commit, and creates one delivery per matching enabled webhook, advancing the cursor in the same
 * transaction. One instance fans out at a time; a crash between any two steps loses nothing.
 *
 * <p>Deliveries that its own dispatcher has room for are created already leased to it (so they need
 * no claim: one row write less each) and handed over after the commit; should the instance die
 * before sending them, their lease runs out and any dispatcher claims them, as any claimed
 * delivery.
 */
@Component
public class FanOut extends LoopWorker {

  static final int BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(FanOut.class);

  private final EventLog events;
  private final FanoutCursor cursor;
  private final WebhookRepository webhooks;
  private final DeliveryRepository deliveries;
  private final TransactionalOperator tx;
  private final WebhookProperties properties;
  private final Dispatcher dispatcher;
  private final WorkerLoop loop;
  private final AtomicInteger heldRounds = new AtomicInteger();

  public FanOut(
      EventLog events,
      FanoutCursor cursor,
      WebhookRepository webhooks,
      DeliveryRepository deliveries,
      EventSignals signals,
      TransactionalOperator tx,
      WebhookProperties properties,
      Dispatcher dispatcher) {
    this.events = events;
    this.cursor = cursor;
    this.webhooks = webhooks;
    this.deliveries = deliveries;
    this.tx = tx;
    this.properties = properties;
    this.dispatcher = dispatcher;
    this.loop =
        new WorkerLoop(
            "Webhook fan-out",
            () -> Flux.merge(signals.events(), Flux.interval(properties.pollInterval())),
            this::drain);
  }

  @Override
  protected WorkerLoop loop() {
    return loop;
  }

  @Override
  protected boolean enabled() {
    return properties.workers();
  }

  /**
   * Fans out batches until the log is caught up (or another instance holds the cursor). While
   * committed events wait invisible behind a running transaction, the loop runs again as soon as
   * another commit signals, or at the latest after a short pause (the waiting transaction may write
   * no events, and so send no signal).
   */
  Mono<Void> drain() {
    return fanOutBatch()
        .expand(n -> n == BATCH ? fanOutBatch() : Mono.empty())
        .reduce(0, Integer::sum)
        .flatMap(
            covered ->
                cursor
                    .peek()
                    .flatMap(position -> events.hasHeldBack(null, position))
                    .doOnNext(
                        held -> {
                          // progress (or nothing held back) resets the pause; waiting on the
                          // same transaction grows it
                          if (covered > 0 || !held) {
                            heldRounds.set(0);
                          }
                          if (held) {
                            loop.runAgainAfter(
                                LiveEventFeed.heldBackPause(heldRounds.getAndIncrement()));
                          }
                        }))
        .then();
  }

  /**
   * One batch in one transaction; emits how many events it covered. The deliveries this instance's
   * dispatcher has room for are created already claimed by it, and handed to it once the
   * transaction has committed.
   */
  Mono<Integer> fanOutBatch() {
    return cursor
        .lock()
        .flatMap(
            position ->
                events
                    .readEntriesAfter(position, BATCH)
                    .collectList()
                    .filter(batch -> !batch.isEmpty())
                    .flatMap(
                        batch ->
                            matchingDeliveries(batch)
                                .flatMapMany(
                                    split ->
                                        deliveries.createAll(
                                            split.pending(), split.claimed(), properties.lease()))
                                .collectList()
                                .flatMap(
                                    claimed ->
                                        cursor
                                            .advance(batch.get(batch.size() - 1).position())
                                            .thenReturn(new Covered(batch.size(), claimed)))))
        .defaultIfEmpty(new Covered(0, List.of()))
        .as(tx::transactional)
        .flatMap(covered -> dispatcher.handOver(covered.claimed()).thenReturn(covered.events()));
  }

  /** What a batch's transaction did: the events it covered, the deliveries it created claimed. */
  private record Covered(int events, List<ClaimedDelivery> claimed) {}

  /** A batch's deliveries: those the dispatcher has room for, and the rest. */
  private record Split(List<NewDelivery> pending, List<NewDelivery> claimed) {}

  private Mono<Split> matchingDeliveries(List<LogEntry> batch) {
    Set<String> projects = batch.stream().map(LogEntry::projectId).collect(Collectors.toSet());
    return webhooks
        .findEnabledIn(projects)
        .collectList()
        .map(
            subscribed -> {
              SubscriptionIndex index = new SubscriptionIndex(subscribed);
              Dispatcher.Room room = dispatcher.room();
              List<NewDelivery> pending = new ArrayList<>();
              List<NewDelivery> claimed = new ArrayList<>();
              for (LogEntry entry : batch) {
                for (Webhook webhook : index.match(entry.projectId(), entry.type())) {
                  // a webhook receives only what was committed after it was created
                  if (Long.compareUnsigned(entry.position().txid(), webhook.startsAtTxid()) >= 0) {
                    NewDelivery delivery =
                        new NewDelivery(
                            entry.projectId(),
                            webhook.id(),
                            entry.eventId(),
                            entry.type(),
                            entry.sequence());
                    (room.take(webhook.id(), webhook.rateLimit()) ? claimed : pending)
                        .add(delivery);
                  }
                }
              }
              return new Split(pending, claimed);
            });
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 10;
  }
}
