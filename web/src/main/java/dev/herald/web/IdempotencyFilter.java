package dev.herald.web;

import dev.herald.storage.idempotency.IdempotentRequests;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on every {@code POST /v1/…} request (as Stripe has it): the first request
 * with a key runs and its successful response is kept for 24 hours; a retry with the same key and
 * the same request (method, path, query and JSON body) gets that response again, marked {@code
 * Idempotent-Replayed: true}, and changes nothing. The same key with another request is a 422. A
 * retry arriving while the first is still running waits for its answer (up to {@link #WAIT}, then
 * 409). A request that does not succeed (4xx, 5xx) gives its key back, so a corrected retry can use
 * it. {@code POST /v1/events} keeps its own record, written in the event's transaction.
 *
 * <p>The response is kept just after the request's own transaction commits, not inside it: if
 * Herald dies in between, the key is held for {@link #HOLD} and then a retry runs the request
 * again.
 */
@Component
@Order(-90) // after the security chain (-100): the caller's project is known
class IdempotencyFilter implements WebFilter {

  static final Duration HOLD = Duration.ofMinutes(1);
  static final Duration WAIT = Duration.ofSeconds(5);

  static final byte[] EMPTY = new byte[0];
  // JSON bodies are compared by value: spacing and the order of an object's keys do not matter
  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private final IdempotentRequests requests;
  private final JsonMapper json;
  private final int maxBodySize;

  IdempotencyFilter(IdempotentRequests requests, JsonMapper json, ApiProperties properties) {
    this.requests = requests;
    this.json = json;
    this.maxBodySize = (int) properties.maxBodySize().toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    var request = exchange.getRequest();
    String key = request.getHeaders().getFirst(IdempotencyKeys.HEADER);
    String path = request.getPath().value();
    Caller caller = Caller.of(exchange);
    if (key == null
        || caller == null
        || caller.project() == null
        || request.getMethod() != HttpMethod.POST
        || !path.startsWith("/v1/")
        || path.equals("/v1/events")) {
      return chain.filter(exchange);
    }
    IdempotentCall call =
        new IdempotentCall(requests, exchange, chain, caller.project().projectId(), key);
    return Mono.defer(
        () -> {
          IdempotencyKeys.check(key);
          return DataBufferUtils.join(request.getBody(), maxBodySize)
              .map(IdempotencyFilter::bytes)
              .defaultIfEmpty(EMPTY)
              .flatMap(
                  body ->
                      call.takeOrReplay(
                          body, hash(body, exchange), System.nanoTime() + WAIT.toNanos()));
        });
  }

  /** The request's identity: method, path, query and body (JSON compared by value, not spacing). */
  private byte[] hash(byte[] body, ServerWebExchange exchange) {
    var request = exchange.getRequest();
    byte[] canonical = body;
    if (body.length > 0) {
      try {
        canonical =
            CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(json.readTree(body), Object.class));
      } catch (JacksonException notJson) {
        // compared byte for byte (the handler will refuse it anyway)
      }
    }
    String query = request.getURI().getRawQuery();
    return IdempotencyKeys.sha256(
        (request.getMethod().name()
                + "\n"
                + request.getPath().value()
                + "\n"
                + (query == null ? "" : query)
                + "\n")
            .getBytes(StandardCharsets.UTF_8),
        canonical);
  }

  /** The buffer's bytes; the buffer is released. */
  static byte[] bytes(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}
