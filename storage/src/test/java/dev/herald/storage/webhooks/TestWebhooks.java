package dev.herald.storage.webhooks;

import dev.herald.storage.ids.Ids;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Webhooks for storage tests: every type, enabled, no headers or metadata, no rate limit. */
public final class TestWebhooks {

  private TestWebhooks() {}

  /** A new webhook of the project, signed with {@code secret}, to be created. */
  public static Webhook everything(String projectId, String secret) {
    var empty = JsonMapper.shared().createObjectNode();
    return Webhook.create(
        projectId,
        Ids.newId("wh"),
        "http://localhost/x",
        "",
        List.of("*"),
        true,
        empty,
        empty,
        secret,
        null);
  }
}
