package dev.herald.gatherings.mail;

import dev.herald.delivery.retry.RetrySchedule;
import dev.herald.delivery.worker.LoopWorker;
import dev.herald.delivery.worker.WorkerLoop;
import dev.herald.gatherings.domain.EmailStatus;
import dev.herald.gatherings.domain.InvitationEmail;
import dev.herald.gatherings.domain.InvitationEmailRepository;
import dev.herald.storage.database.DatabaseOutage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The mail worker: claims due invitation emails ({@code FOR UPDATE SKIP LOCKED}, with a lease),
 * composes each for its one recipient and sends it on a small pool of its own (Jakarta Mail blocks;
 * the event loop never does), then records the attempt: {@code sent}; {@code failed} on a permanent
 * refusal or after the last attempt of {@code herald.mail.retry-schedule}; otherwise queued again
 * for the next. A circuit breaker pauses sending while the SMTP server keeps failing (paused emails
 * wait without losing an attempt).
 */
@Component
class InvitationMailWorker extends LoopWorker {

  private static final Logger log = LoggerFactory.getLogger(InvitationMailWorker.class);

  private final InvitationEmailRepository emails;
  private final InvitationMails mails;
  private final MailTransport transport;
  private final InvitationMailProperties properties;
  private final RetrySchedule schedule;
  private final CircuitBreaker breaker;
  private final WorkerLoop loop;
  private volatile Scheduler senders;

  InvitationMailWorker(
      InvitationEmailRepository emails,
      InvitationMails mails,
      MailTransport transport,
      InvitationEmails queue,
      InvitationMailProperties properties) {
    this.emails = emails;
    this.mails = mails;
    this.transport = transport;
    this.properties = properties;
    this.schedule =
        new RetrySchedule(
            properties.retrySchedule(),
            properties.jitter(),
            () -> ThreadLocalRandom.current().nextDouble());
    this.breaker =
        CircuitBreaker.of(
            "smtp",
            CircuitBreakerConfig.custom()
                .slidingWindowSize(properties.breakerWindow())
                .minimumNumberOfCalls(properties.breakerWindow())
                .failureRateThreshold(properties.breakerFailureRate())
                .waitDurationInOpenState(properties.breakerPause())
                .build());
    this.loop =
        new WorkerLoop(
            "Invitation email",
            () -> Flux.merge(queue.queued(), Flux.interval(properties.pollInterval())),
            this::run);
  }

  @Override
  protected WorkerLoop loop() {
    return loop;
  }

  @Override
  protected boolean enabled() {
    return properties.workers();
  }

  @Override
  protected void beforeStart() {
    senders =
        Schedulers.newBoundedElastic(properties.concurrency(), 10_000, "herald-mail", 60, true);
  }

  @Override
  protected void afterStop() {
    Scheduler current = senders;
    if (current != null) {
      current.dispose();
    }
    senders = null;
  }

  private Mono<Void> run() {
    int wanted = properties.concurrency() * 2;
    return emails
        .claimDue(wanted, properties.lease())
        .collectList()
        .flatMap(
            claimed -> {
              if (claimed.size() == wanted) {
                loop.runAgain();
              }
              return Flux.fromIterable(claimed)
                  .flatMap(this::deliver, properties.concurrency())
                  .then();
            });
  }

  private Mono<Void> deliver(InvitationEmail email) {
    // empty when the invitation is gone (its gathering was deleted): its emails went with it
    return mails
        .load(email)
        .flatMap(
            mail ->
                // the breaker's permit is taken only for a send that happens (send() settles it)
                breaker.tryAcquirePermission()
                    ? Mono.fromCallable(() -> send(mail))
                        .subscribeOn(senders)
                        .flatMap(failure -> record(email, failure.orElse(null)))
                    : emails.defer(email, Instant.now().plus(properties.breakerPause())))
        .onErrorResume(
            error -> {
              DatabaseOutage.classify(error)
                  .ifPresentOrElse(
                      unavailable ->
                          log.warn(
                              "Invitation email {} failed, database unavailable: {}; its lease"
                                  + " will return it",
                              email.id(),
                              unavailable.reason()),
                      () ->
                          log.error(
                              "Invitation email {} failed; its lease will return it",
                              email.id(),
                              error));
              return Mono.empty();
            });
  }

  /** Composes and sends (blocking); the failure, or nothing when it was sent. */
  private Optional<SendFailure> send(InvitationMails.Mail mail) {
    long started = System.nanoTime();
    var message = transport.newMessage();
    try {
      mails.compose(message, mail, Instant.now());
    } catch (Exception e) {
      breaker.releasePermission();
      return Optional.of(new SendFailure(true, "Could not compose the email: " + e.getMessage()));
    }
    try {
      transport.send(message);
      breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      return Optional.empty();
    } catch (Exception e) {
      SendFailure failure = SendFailure.of(e);
      long took = System.nanoTime() - started;
      if (failure.permanent()) {
        // the server works; it refused this one message
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
      } else {
        breaker.onError(took, TimeUnit.NANOSECONDS, e);
      }
      log.warn("Invitation email {} not sent: {}", mail.email().id(), failure.error());
      return Optional.of(failure);
    }
  }

  private Mono<Void> record(InvitationEmail email, SendFailure failure) {
    if (failure == null) {
      return emails.recordAttempt(email, EmailStatus.SENT, null, null).then();
    }
    Optional<Instant> next =
        failure.permanent()
            ? Optional.empty()
            : schedule.nextAttemptAt(email.attempts() + 1, Instant.now(), null);
    EmailStatus status = next.isPresent() ? EmailStatus.QUEUED : EmailStatus.FAILED;
    return emails.recordAttempt(email, status, failure.error(), next.orElse(null)).then();
  }
}
