package dev.herald.delivery.dispatch;

import dev.herald.delivery.WebhookProperties;
import dev.herald.delivery.destination.DestinationPolicy;
import dev.herald.delivery.destination.DestinationRefusedException;
import dev.herald.storage.deliveries.NextStep;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs webhook requests: connect and total timeouts, no redirects followed, only the first 4 KiB
 * of a response kept, and connections made only to addresses the {@link DestinationPolicy} checked
 * (its resolver is the client's).
 */
@Component
public class WebhookClient {

  static final int MAX_BODY = 4096;

  private final HttpClient client;
  private final Duration timeout;

  public WebhookClient(WebhookProperties properties, DestinationPolicy destinations) {
    ConnectionProvider connections =
        ConnectionProvider.builder("herald-webhooks")
            .maxConnections(properties.concurrency() * 2)
            .pendingAcquireMaxCount(-1)
            .maxIdleTime(Duration.ofSeconds(30))
            .build();
    this.client =
        HttpClient.create(connections)
            .resolver(destinations.addressResolver())
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
            .followRedirect(false);
    this.timeout = properties.timeout();
  }

  /** What became of one request: a response, or the error that stopped it. */
  public record Result(
      Integer status,
      ObjectNode headers,
      String body,
      String error,
      Duration duration,
      Duration retryAfter) {

    public boolean succeeded() {
      return NextStep.delivers(status);
    }
  }

  /** POSTs {@code body} to {@code url} with {@code headers}; never fails, see {@link Result}. */
  public Mono<Result> post(String url, Map<String, String> headers, byte[] body) {
    long start = System.nanoTime();
    return client
        .headers(h -> headers.forEach(h::set))
        .post()
        .uri(url)
        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
        .response(
            (response, content) -> {
              ByteArrayOutputStream kept = new ByteArrayOutputStream();
              return content
                  .asByteArray()
                  .takeUntil(
                      chunk -> {
                        kept.write(chunk, 0, Math.min(chunk.length, MAX_BODY - kept.size()));
                        return kept.size() >= MAX_BODY;
                      })
                  .then(
                      Mono.fromSupplier(
                          () -> {
                            ObjectNode responseHeaders = JsonNodeFactory.instance.objectNode();
                            response
                                .responseHeaders()
                                .forEach(
                                    e ->
                                        responseHeaders.put(
                                            e.getKey().toLowerCase(java.util.Locale.ROOT),
                                            responseHeaders.has(
                                                    e.getKey().toLowerCase(java.util.Locale.ROOT))
                                                ? responseHeaders
                                                        .get(
                                                            e.getKey()
                                                                .toLowerCase(java.util.Locale.ROOT))
                                                        .asString()
                                                    + ", "
                                                    + e.getValue()
                                                : e.getValue()));
                            return new Result(
                                response.status().code(),
                                responseHeaders,
                                kept.toString(StandardCharsets.UTF_8),
                                null,
                                since(start),
                                retryAfter(response.responseHeaders().get("Retry-After")));
                          }));
            })
        .next()
        .timeout(timeout)
        .onErrorResume(error -> Mono.just(failure(error, start)))
        .switchIfEmpty(
            Mono.fromSupplier(
                () ->
                    new Result(
                        null, null, null, "the receiver sent no response", since(start), null)));
  }

  private Result failure(Throwable error, long start) {
    DestinationRefusedException refused = DestinationRefusedException.in(error);
    String text =
        refused != null
            ? refused.getMessage()
            : error instanceof TimeoutException
                ? "timed out after " + timeout.toSeconds() + " s"
                : error.getClass().getSimpleName()
                    + (error.getMessage() == null ? "" : ": " + error.getMessage());
    return new Result(null, null, null, text, since(start), null);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** A {@code Retry-After} value: seconds, or an HTTP date. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(Instant.now(), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
