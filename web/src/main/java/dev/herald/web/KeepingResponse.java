package dev.herald.web;

import dev.herald.storage.idempotency.IdempotentRequests.Response;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Passes the response on, keeping a successful one for retries before the client sees it (whole:
 * not for streamed responses, which no POST has).
 */
final class KeepingResponse extends ServerHttpResponseDecorator {

  private final IdempotentCall call;
  private final AtomicBoolean kept = new AtomicBoolean();

  KeepingResponse(ServerHttpResponse delegate, IdempotentCall call) {
    super(delegate);
    this.call = call;
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    return DataBufferUtils.join(Flux.from(body))
        .map(IdempotencyFilter::bytes)
        .defaultIfEmpty(IdempotencyFilter.EMPTY)
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
    return keep(IdempotencyFilter.EMPTY).then(super.setComplete());
  }

  /** Whether the response was kept (a success), so the key is not given back. */
  boolean kept() {
    return kept.get();
  }

  /** Keeps a successful response for the key's retries, once. */
  Mono<Void> keep(byte[] body) {
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
