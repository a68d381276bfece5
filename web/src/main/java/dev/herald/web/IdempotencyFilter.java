package dev.herald.web;

import dev.herald.storage.idempotency.IdempotentRequests;
import dev.herald.storage.idempotency.IdempotentRequests.Response;
import dev.herald.storage.ids.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
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

  private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final byte[] EMPTY = new byte[0];
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
    Call call = new Call(exchange, chain, caller.project().projectId(), key);
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

  /** One request carrying a key. */
  private final class Call {
    private final ServerWebExchange exchange;
    private final WebFilterChain chain;
    private final String projectId;
    private final String key;
    // this request, as the holder of the key: a request that outlived its hold cannot answer or
    // give back the key its retry took over
    private final String holder = Ids.randomToken(16);

    Call(ServerWebExchange exchange, WebFilterChain chain, String projectId, String key) {
      this.exchange = exchange;
      this.chain = chain;
      this.projectId = projectId;
      this.key = key;
    }

    Mono<Void> takeOrReplay(byte[] body, byte[] hash, long deadline) {
      return requests
          .take(projectId, key, hash, holder, HOLD)
          .flatMap(took -> took ? run(body) : answerOfHolder(body, hash, deadline));
    }

    /**
     * Another request holds the key: refuse a different request, replay the holder's answer, or
     * wait for it, reading the key (not writing it) until the holder answers or lets go.
     */
    private Mono<Void> answerOfHolder(byte[] body, byte[] hash, long deadline) {
      return requests
          .find(projectId, key)
          .map(Optional::of)
          .defaultIfEmpty(Optional.empty())
          .flatMap(
              found -> {
                if (found.isPresent() && !found.get().sameRequest(hash)) {
                  return Mono.error(IdempotencyKeys.reused(key));
                }
                if (found.isPresent() && !found.get().running()) {
                  return replay(found.get().response());
                }
                if (System.nanoTime() > deadline) {
                  return Mono.error(inProgress());
                }
                if (found.isEmpty() || found.get().holdOver()) {
                  return takeOrReplay(body, hash, deadline); // given back, or its holder died
                }
                return Mono.delay(POLL)
                    .then(Mono.defer(() -> answerOfHolder(body, hash, deadline)));
              });
    }

    private Mono<Void> run(byte[] body) {
      var request =
          new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
              return body.length == 0
                  ? Flux.empty()
                  : Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
          };
      Keeping response = new Keeping(exchange.getResponse(), this);
      Mono<Void> handled =
          chain
              .filter(exchange.mutate().request(request).response(response).build())
              // a success answered without a body (setComplete on the exchange's own response)
              .then(Mono.defer(() -> response.keep(EMPTY)))
              .then(Mono.defer(() -> response.kept.get() ? Mono.<Void>empty() : giveBack()))
              .onErrorResume(error -> giveBack().then(Mono.error(error)));
      // The request runs to its end even when its client goes away (the usual reason for a
      // retry): the retry then finds the answer kept, or the key given back, not a key held with
      // nobody to answer it.
      return Mono.deferContextual(
          context -> Mono.fromFuture(handled.contextWrite(context).toFuture(), true));
    }

    private Mono<Void> giveBack() {
      return requests
          .giveBack(projectId, key, holder)
          .onErrorResume(
              error -> {
                log.warn(
                    "Could not give back Idempotency-Key {} (held until it expires): {}",
                    key,
                    error.toString());
                return Mono.empty();
              });
    }

    Mono<Void> keep(Response response) {
      return requests
          .answer(projectId, key, holder, response)
          .onErrorResume(
              error -> {
                // the request itself succeeded: answer it; a retry runs it again once the hold ends
                log.warn(
                    "Could not keep the response for Idempotency-Key {}: {}",
                    key,
                    error.toString());
                return Mono.empty();
              });
    }

    private Mono<Void> replay(Response kept) {
      ServerHttpResponse response = exchange.getResponse();
      response.setStatusCode(HttpStatusCode.valueOf(kept.status()));
      HttpHeaders headers = response.getHeaders();
      if (kept.contentType() != null) {
        headers.set(HttpHeaders.CONTENT_TYPE, kept.contentType());
      }
      if (kept.location() != null) {
        headers.set(HttpHeaders.LOCATION, kept.location());
      }
      headers.set(IdempotencyKeys.REPLAYED, "true");
      byte[] body = kept.body() == null ? EMPTY : kept.body();
      return body.length == 0
          ? response.setComplete()
          : response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    private ApiException inProgress() {
      return new ApiException(
          HttpStatus.CONFLICT,
          "idempotency_key_in_use",
          "A request with "
              + IdempotencyKeys.HEADER
              + " '"
              + key
              + "' is still running; retry once it has answered");
    }
  }

  /**
   * Passes the response on, keeping a successful one for retries before the client sees it (whole:
   * not for streamed responses, which no POST has).
   */
  private static final class Keeping extends ServerHttpResponseDecorator {
    private final Call call;
    private final AtomicBoolean kept = new AtomicBoolean();

    Keeping(ServerHttpResponse delegate, Call call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      return DataBufferUtils.join(Flux.from(body))
          .map(IdempotencyFilter::bytes)
          .defaultIfEmpty(EMPTY)
          .flatMap(
              bytes ->
                  keep(bytes)
                      .then(super.writeWith(Mono.fromSupplier(() -> bufferFactory().wrap(bytes)))));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
      return writeWith(Flux.from(body).concatMap(Flux::from));
    }

    @Override
    public Mono<Void> setComplete() {
      return keep(EMPTY).then(super.setComplete());
    }

    private Mono<Void> keep(byte[] body) {
      HttpStatusCode status = getStatusCode() == null ? HttpStatus.OK : getStatusCode();
      if (!status.is2xxSuccessful() || !kept.compareAndSet(false, true)) {
        return Mono.empty();
      }
      HttpHeaders headers = getHeaders();
      return call.keep(
          new Response(
              status.value(),
              headers.getFirst(HttpHeaders.CONTENT_TYPE),
              headers.getFirst(HttpHeaders.LOCATION),
              body));
    }
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

  private static byte[] bytes(DataBuffer buffer) {
    try {
      byte[] bytes = new byte[buffer.readableByteCount()];
      buffer.read(bytes);
      return bytes;
    } finally {
      DataBufferUtils.release(buffer);
    }
  }
}
