package dev.herald.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * With private networks allowed, a webhook under a name is delivered to the address Herald's
 * resolver gave for it, and to that address only (the receiver listens on 127.0.0.1 alone, and the
 * system resolver does not know the name).
 */
@Import(TestHostResolver.class)
@TestPropertySource(properties = "spring.quartz.scheduler-name=herald-resolved")
class ResolvedReceiverIntegrationTests extends WebhookTestSupport {

  static WireMockServer loopbackOnly;

  @Autowired TestHostResolver names;

  @BeforeAll
  static void startLoopbackReceiver() {
    loopbackOnly =
        new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
    loopbackOnly.start();
  }

  @AfterAll
  static void stopLoopbackReceiver() {
    loopbackOnly.stop();
  }

  @Test
  void nameResolvingToLoopback_isDeliveredThere_resolvedOnceForTheConnection() {
    TestProject project = newProject();
    String path = "/hooks/" + UUID.randomUUID();
    loopbackOnly.stubFor(
        WireMock.post(WireMock.urlEqualTo(path)).willReturn(WireMock.aResponse().withStatus(204)));
    String name = "receiver-" + UUID.randomUUID() + ".test";
    names.answer(name, "127.0.0.1");
    String webhookId =
        createWebhook(
                project,
                "{\"url\":\"http://"
                    + name
                    + ":"
                    + loopbackOnly.port()
                    + path
                    + "\",\"eventTypes\":[\"message.created\"]}")
            .get("id")
            .asString();

    String eventId = publish(project, "message.created", "session:named").get("id").asString();

    awaitDelivery(project, webhookId, eventId, status("delivered"));
    List<LoggedRequest> requests =
        loopbackOnly.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo(path)));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Host")).isEqualTo(name + ":" + loopbackOnly.port());
    assertThat(requests.get(0).getHeader("webhook-id")).isEqualTo(eventId);
    assertThat(names.lookupsOf(name)).isEqualTo(1);
  }
}
