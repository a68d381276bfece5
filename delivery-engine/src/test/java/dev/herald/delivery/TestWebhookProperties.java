package dev.herald.delivery;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Webhook settings as Spring would bind them: the defaults, with these overrides. */
public final class TestWebhookProperties {

  private TestWebhookProperties() {}

  public static WebhookProperties with(Map<String, String> overrides) {
    return new Binder(new MapConfigurationPropertySource(overrides))
        .bindOrCreate("herald.webhooks", WebhookProperties.class);
  }
}
