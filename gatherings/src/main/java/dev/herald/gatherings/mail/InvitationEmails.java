package dev.herald.gatherings.mail;

import dev.herald.gatherings.domain.EmailKind;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.InvitationEmailRepository;
import dev.herald.gatherings.domain.InvitationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Queues invitation emails in the caller's transaction (the outbox), so an email exists exactly
 * when the change that calls for it commits; this instance's mail worker is woken after the commit
 * (the others find the email on their next poll).
 */
@Component
public class InvitationEmails {

  /** Where an email's accept and decline links point (served by the gatherings API). */
  public static final String ANSWER_PATH = "/invitations/{projectId}/{token}/{answer}";

  private final InvitationEmailRepository emails;
  private final InvitationRepository invitations;
  private final GatheringRepository gatherings;
  private final Sinks.Many<Object> queued = Sinks.many().multicast().directBestEffort();

  InvitationEmails(
      InvitationEmailRepository emails,
      InvitationRepository invitations,
      GatheringRepository gatherings) {
    this.emails = emails;
    this.invitations = invitations;
    this.gatherings = gatherings;
  }

  /** Queues the invitation's email (again, on a re-send), superseding one still queued. */
  public Mono<Void> queueInvitation(String projectId, String invitationId) {
    return emails.queue(projectId, invitationId, EmailKind.REQUEST).then(wakeAfterCommit());
  }

  /**
   * An appointment was rescheduled ({@link EmailKind#REQUEST}) or cancelled ({@link
   * EmailKind#CANCEL}): raises its calendar SEQUENCE and queues the update for every invitee with
   * an address who has not declined.
   */
  public Mono<Void> queueCalendarChange(String projectId, String gatheringId, EmailKind kind) {
    return gatherings
        .nextCalendarSequence(projectId, gatheringId)
        .then(invitations.calendarRecipients(projectId, gatheringId).collectList())
        .flatMapMany(Flux::fromIterable)
        .concatMap(invitationId -> emails.queue(projectId, invitationId, kind))
        .then(wakeAfterCommit());
  }

  /** Wake-ups for the local worker: emails were queued and committed. */
  Flux<Object> queued() {
    return queued.asFlux();
  }

  private Mono<Void> wakeAfterCommit() {
    return TransactionSynchronizationManager.forCurrentTransaction()
        .filter(TransactionSynchronizationManager::isSynchronizationActive)
        .doOnNext(
            transaction ->
                transaction.registerSynchronization(
                    new TransactionSynchronization() {
                      @Override
                      public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(InvitationEmails.this::wake);
                      }
                    }))
        .onErrorResume(NoTransactionException.class, none -> Mono.empty())
        .switchIfEmpty(Mono.fromRunnable(this::wake).then(Mono.empty()))
        .then();
  }

  private void wake() {
    synchronized (queued) {
      queued.tryEmitNext("queued");
    }
  }
}
