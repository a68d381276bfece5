package dev.herald.storage.deliveries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.events.StoredEvent;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.projects.ProjectRepository;
import dev.herald.storage.webhooks.TestWebhooks;
import dev.herald.storage.webhooks.Webhook;
import dev.herald.storage.webhooks.WebhookRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(properties = "herald.data-dir=target/test-herald-data")
class DeliveryRepositoryIntegrationTests {

  private static final Duration BOUND = Duration.ofSeconds(10);

  @Autowired DeliveryRepository deliveries;
  @Autowired WebhookRepository webhooks;
  @Autowired ProjectRepository projects;
  @Autowired EventLog log;

  private Delivery newDelivery() {
    ProjectRef project = projects.create(null, "t", "p").block(BOUND).project();
    String webhookId = webhookWithDeliveries(project, 1);
    return deliveries
        .list(project.projectId(), new DeliveryQuery(webhookId, null, null, null, null, 10))
        .blockFirst(BOUND);
  }

  /** A new webhook of the project with {@code count} pending deliveries, due now; its id. */
  private String webhookWithDeliveries(ProjectRef project, int count) {
    var empty = JsonMapper.shared().createObjectNode();
    Webhook webhook =
        webhooks.create(TestWebhooks.everything(project.projectId(), "whsec_AA==")).block(BOUND);
    for (int i = 0; i < count; i++) {
      StoredEvent event =
          log.append(
                  project,
                  new NewEvent(
                      "bot.status.changed", "test", "session:s", EventPayload.occurred(empty)))
              .block(BOUND);
      deliveries
          .createAll(
              List.of(
                  new NewDelivery(
                      project.projectId(),
                      webhook.id(),
                      event.event().id(),
                      "bot.status.changed",
                      event.sequence())))
          .block(BOUND);
    }
    return webhook.id();
  }

  @Test
  void aPairGetsOneDelivery_howeverOftenItIsCreated() {
    Delivery delivery = newDelivery();

    Long again =
        deliveries
            .createAll(
                List.of(
                    new NewDelivery(
                        delivery.projectId(),
                        delivery.webhookId(),
                        delivery.eventId(),
                        delivery.eventType(),
                        delivery.eventSequence())))
            .block(BOUND);

    assertThat(again).isZero();
    assertThat(delivery.status()).isEqualTo(DeliveryStatus.PENDING);
  }

  @Test
  void claimedDelivery_isNotClaimedAgainUntilItsLeaseRunsOut() {
    Delivery delivery = newDelivery();
    // other tests' deliveries may be due too: look only for this one
    await().atMost(BOUND).until(() -> claimed(delivery, Duration.ofSeconds(2)));

    assertThat(claimed(delivery, Duration.ofSeconds(2))).isFalse();
    await().atMost(BOUND).until(() -> claimed(delivery, Duration.ofSeconds(30)));
  }

  @Test
  void deliveryCreatedClaimed_comesWithWhatASendNeeds_andNoClaimTakesItUntilItsLeaseRunsOut() {
    ProjectRef project = projects.create(null, "t", "p").block(BOUND).project();
    Webhook webhook =
        webhooks.create(TestWebhooks.everything(project.projectId(), "whsec_AA==")).block(BOUND);
    StoredEvent event =
        log.append(
                project,
                new NewEvent(
                    "bot.status.changed",
                    "test",
                    "session:c",
                    EventPayload.occurred(JsonMapper.shared().createObjectNode())))
            .block(BOUND);
    NewDelivery pair =
        new NewDelivery(
            project.projectId(),
            webhook.id(),
            event.event().id(),
            "bot.status.changed",
            event.sequence());

    List<ClaimedDelivery> created =
        deliveries
            .createAll(List.of(), List.of(pair), Duration.ofSeconds(5))
            .collectList()
            .block(BOUND);

    assertThat(created)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.delivery().status()).isEqualTo(DeliveryStatus.PENDING);
              assertThat(c.delivery().attempts()).isZero();
              assertThat(c.event().event().id()).isEqualTo(event.event().id());
              assertThat(c.url()).isEqualTo(webhook.url());
            });
    Delivery delivery = created.get(0).delivery();
    assertThat(claimed(delivery, Duration.ofSeconds(30))).isFalse();
    // its instance died before sending it: once the lease runs out, any dispatcher claims it
    await().atMost(BOUND).until(() -> claimed(delivery, Duration.ofSeconds(30)));
    // and creating the pair again creates nothing
    assertThat(
            deliveries
                .createAll(List.of(), List.of(pair), Duration.ofSeconds(2))
                .collectList()
                .block(BOUND))
        .isEmpty();
  }

  private boolean claimed(Delivery delivery, Duration lease) {
    return deliveries.claimDue(1000, 1000, Map.of(), lease).collectList().block(BOUND).stream()
        .anyMatch(c -> c.delivery().id().equals(delivery.id()));
  }

  @Test
  void aClaimTakesEachWebhooksOldestDue_asManyAsItHasRoomFor_soABacklogHidesNoOne() {
    ProjectRef project = projects.create(null, "t", "p").block(BOUND).project();
    String backlogged = webhookWithDeliveries(project, 30);
    String fresh = webhookWithDeliveries(project, 2);
    String full = webhookWithDeliveries(project, 2);

    Map<String, Long> claimed =
        deliveries
            .claimDue(1000, 5, Map.of(fresh, 1, full, 0), Duration.ofSeconds(30))
            .collectList()
            .block(BOUND)
            .stream()
            .map(c -> c.delivery().webhookId())
            .filter(id -> id.equals(backlogged) || id.equals(fresh) || id.equals(full))
            .collect(
                java.util.stream.Collectors.groupingBy(
                    id -> id, java.util.stream.Collectors.counting()));

    // the older backlog takes only its share; the others get theirs, as far as they have room
    assertThat(claimed).isEqualTo(Map.of(backlogged, 5L, fresh, 1L));
  }

  @Test
  void stateMachine_allowsAttemptsOnlyOnOpenDeliveries_andReopensAny() {
    assertThat(DeliveryStatus.PENDING.canMoveTo(DeliveryStatus.DELIVERED)).isTrue();
    assertThat(DeliveryStatus.RETRYING.canMoveTo(DeliveryStatus.FAILED)).isTrue();
    assertThat(DeliveryStatus.DELIVERED.canMoveTo(DeliveryStatus.RETRYING)).isFalse();
    assertThat(DeliveryStatus.FAILED.canMoveTo(DeliveryStatus.DELIVERED)).isFalse();
    assertThat(DeliveryStatus.FAILED.canMoveTo(DeliveryStatus.PENDING)).isTrue();
  }
}
