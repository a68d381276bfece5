package dev.herald.delivery.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.delivery.matching.EventTypePattern;
import dev.herald.storage.webhooks.Webhook;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fan-out's hash look-ups find exactly the webhooks whose patterns match, once each. */
class SubscriptionIndexPropertyTests {

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.strings()
        .withCharRange('a', 'c')
        .ofMinLength(1)
        .ofMaxLength(2)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(words -> String.join(".", words));
  }

  @Provide
  Arbitrary<List<List<String>>> subscriptions() {
    Arbitrary<String> pattern =
        Arbitraries.oneOf(types(), types().map(type -> type + ".*"), Arbitraries.just("*"));
    return pattern.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property
  void anEvent_reachesExactlyTheMatchingWebhooksOfItsProject(
      @ForAll("subscriptions") List<List<String>> subscriptions, @ForAll("types") String type) {
    List<Webhook> webhooks = new ArrayList<>();
    List<Webhook> expected = new ArrayList<>();
    for (int i = 0; i < subscriptions.size(); i++) {
      String project = i % 3 == 0 ? "prj_other" : "prj_1";
      Webhook webhook = webhook(project, "wh_" + i, subscriptions.get(i));
      webhooks.add(webhook);
      if (project.equals("prj_1")
          && subscriptions.get(i).stream().anyMatch(p -> EventTypePattern.parse(p).matches(type))) {
        expected.add(webhook);
      }
    }

    List<Webhook> matched = new SubscriptionIndex(webhooks).match("prj_1", type);

    assertThat(matched).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static Webhook webhook(String projectId, String id, List<String> eventTypes) {
    return Webhook.create(
        projectId, id, "https://example.com/" + id, null, eventTypes, true, null, null, "s", null);
  }
}
