package dev.herald.web;

import dev.herald.storage.idempotency.IdempotentRequests;
import dev.herald.storage.idempotency.IdempotentRequests.Response;
import dev.herald.storage.ids.Ids;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One {@code POST} carrying an {@code Idempotency-Key} (see {@link IdempotencyFilter}): it takes
 * the key and runs, or replays the answer of the request that holds it, or waits for that answer.
 */
final class IdempotentCall {

  private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
  private static final Duration POLL = Duration.ofMillis(20);

  private final IdempotentRequests requests;
  private final ServerWebExchange exchange;
  private final WebFilterChain chain;
  private final String projectId;
  private final String key;
  // this request, as the holder of the key: a request that outlived its hold cannot answer or
  // give back the key its retry took over
  private final String holder = Ids.randomToken(16);

  IdempotentCall(
      IdempotentRequests requests,
      ServerWebExchange exchange,
      WebFilterChain chain,
      String projectId,
      String key) {
    this.requests = requests;
    this.exchange = exchange;
    this.chain = chain;
    this.projectId = projectId;
    this.key = key;
  }

  Mono<Void> takeOrReplay(byte[] body, byte[] hash, long deadline) {
    return requests
        .take(projectId, key, hash, holder, IdempotencyFilter.HOLD)
        .flatMap(took -> took ? run(body) : answerOfHolder(body, hash, deadline));
  }

  /**
   * Another request holds the key: refuse a different request, replay the holder's answer, or wait
   * for it, reading the key (not writing it) until the holder answers or lets go.
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
              return Mono.delay(POLL).then(Mono.defer(() -> answerOfHolder(body, hash, deadline)));
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
    KeepingResponse response = new KeepingResponse(exchange.getResponse(), this);
    Mono<Void> handled =
        chain
            .filter(exchange.mutate().request(request).response(response).build())
            // a success answered without a body (setComplete on the exchange's own response)
            .then(Mono.defer(() -> response.keep(IdempotencyFilter.EMPTY)))
            .then(Mono.defer(() -> response.kept() ? Mono.<Void>empty() : giveBack()))
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
                  "Could not keep the response for Idempotency-Key {}: {}", key, error.toString());
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
    byte[] body = kept.body() == null ? IdempotencyFilter.EMPTY : kept.body();
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
