package dev.herald.gatherings;

import dev.herald.gatherings.domain.EmailKind;
import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.GatheringStatus;
import dev.herald.gatherings.domain.GatheringType;
import dev.herald.gatherings.domain.MemberRepository;
import dev.herald.gatherings.domain.MemberRole;
import dev.herald.gatherings.mail.InvitationEmails;
import dev.herald.gatherings.participants.ParticipantRepository;
import dev.herald.gatherings.sessions.SessionLifecycle;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.Violations;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates and changes gatherings and moves them through their lifecycle (start, end, cancel), each
 * with its events in one transaction; keeps the appointment triggers in step after commit.
 */
@Service
class GatheringService {

  static final int JOIN_CODE_ATTEMPTS = 8;
  // how early a trigger may fire (clocks of instances differ a little) and still count as on time
  private static final Duration TRIGGER_SKEW = Duration.ofSeconds(5);

  private final GatheringRepository gatherings;
  private final MemberRepository members;
  private final ParticipantRepository participants;
  private final MemberAdmission admission;
  private final SessionLifecycle sessions;
  private final GatheringEvents events;
  private final AppointmentSchedule schedule;
  private final InvitationEmails mail;
  private final TransactionalOperator tx;

  GatheringService(
      GatheringRepository gatherings,
      MemberRepository members,
      ParticipantRepository participants,
      MemberAdmission admission,
      SessionLifecycle sessions,
      GatheringEvents events,
      AppointmentSchedule schedule,
      InvitationEmails mail,
      TransactionalOperator tx) {
    this.gatherings = gatherings;
    this.members = members;
    this.participants = participants;
    this.admission = admission;
    this.sessions = sessions;
    this.events = events;
    this.schedule = schedule;
    this.mail = mail;
    this.tx = tx;
  }

  /** Stores a validated new gathering; its creator (if any) joins as owner. */
  Mono<GatheringOut> create(ProjectRef caller, Gathering draft) {
    Mono<Void> creatorExists =
        draft.createdBy() == null
            ? Mono.empty()
            : participants
                .find(caller.projectId(), draft.createdBy())
                .switchIfEmpty(
                    Mono.error(
                        Violations.invalid(
                            "createdBy",
                            "no participant " + draft.createdBy() + " in this project")))
                .then();
    return creatorExists
        .then(insertWithFreshCode(draft, JOIN_CODE_ATTEMPTS))
        .flatMap(
            created ->
                events
                    .created(caller, created.id(), GatheringOut.of(created))
                    .then(
                        created.createdBy() == null
                            ? Mono.empty()
                            : admission.join(caller, created, created.createdBy()))
                    .thenReturn(created))
        .as(tx::transactional)
        .flatMap(created -> schedule.plan(caller, created).thenReturn(GatheringOut.of(created)));
  }

  // A collision leaves the transaction usable (ON CONFLICT DO NOTHING), so retry in place.
  private Mono<Gathering> insertWithFreshCode(Gathering draft, int attemptsLeft) {
    if (attemptsLeft == 0) {
      return Mono.error(new IllegalStateException("no free join code after retries"));
    }
    Gathering attempt = draft.withJoinCode(JoinCodes.generate());
    return gatherings
        .create(attempt)
        .switchIfEmpty(Mono.defer(() -> insertWithFreshCode(draft, attemptsLeft - 1)));
  }

  Mono<Gathering> find(ProjectRef caller, String id) {
    return gatherings
        .find(caller.projectId(), id)
        .switchIfEmpty(Mono.error(ApiException.notFound("gathering", id)));
  }

  /** Applies a validated patch; times may change only while an appointment is scheduled. */
  Mono<GatheringOut> update(ProjectRef caller, String id, PatchValues patch) {
    return lock(caller, id)
        .flatMap(
            before -> {
              GatheringValidation.checkPatchAgainst(before, patch);
              return gatherings
                  .update(caller.projectId(), id, patch.appliedTo(before))
                  .flatMap(
                      after ->
                          events
                              .updated(caller, id, GatheringOut.of(before), GatheringOut.of(after))
                              .then(
                                  rescheduled(before, after)
                                      ? mail.queueCalendarChange(
                                          caller.projectId(), id, EmailKind.REQUEST)
                                      : Mono.empty())
                              .thenReturn(after));
            })
        .as(tx::transactional)
        .flatMap(after -> schedule.plan(caller, after).thenReturn(GatheringOut.of(after)));
  }

  /** Starts a lobby or appointment; a session is created with autoStartSession or a roomId. */
  Mono<GatheringOut> start(ProjectRef caller, String id, String actingParticipant, String roomId) {
    return lock(caller, id)
        .flatMap(g -> checkOwner(caller, g, actingParticipant).thenReturn(g))
        .flatMap(
            g -> checkMove(g, GatheringStatus.STARTED, "start").then(doStart(caller, g, roomId)))
        .as(tx::transactional)
        .flatMap(started -> schedule.plan(caller, started).thenReturn(GatheringOut.of(started)));
  }

  private Mono<Gathering> doStart(ProjectRef caller, Gathering g, String roomId) {
    boolean withSession = g.autoStartSession() || roomId != null;
    Mono<String> sessionId =
        withSession ? sessions.start(caller, g.id(), roomId).map(s -> s.id()) : Mono.empty();
    return sessionId
        .map(java.util.Optional::of)
        .defaultIfEmpty(java.util.Optional.empty())
        .flatMap(
            session ->
                gatherings.markStarted(caller.projectId(), g.id(), roomId, session.orElse(null)))
        .flatMap(
            started ->
                events
                    .occurred(caller, "gathering.started", g.id(), GatheringOut.of(started))
                    .thenReturn(started));
  }

  /** Ends a started lobby or appointment, or an open gathering; its session ends with it. */
  Mono<GatheringOut> end(ProjectRef caller, String id, String actingParticipant) {
    return finish(caller, id, actingParticipant, GatheringStatus.ENDED, "end");
  }

  /** Cancels a lobby or appointment that has not started. */
  Mono<GatheringOut> cancel(ProjectRef caller, String id, String actingParticipant) {
    return finish(caller, id, actingParticipant, GatheringStatus.CANCELLED, "cancel");
  }

  private Mono<GatheringOut> finish(
      ProjectRef caller, String id, String actingParticipant, GatheringStatus target, String verb) {
    return lock(caller, id)
        .flatMap(g -> checkOwner(caller, g, actingParticipant).thenReturn(g))
        .flatMap(g -> checkMove(g, target, verb).then(doFinish(caller, g, target)))
        .as(tx::transactional)
        .flatMap(done -> schedule.plan(caller, done).thenReturn(GatheringOut.of(done)));
  }

  private Mono<Gathering> doFinish(ProjectRef caller, Gathering g, GatheringStatus target) {
    Mono<Void> endSession =
        g.sessionId() == null ? Mono.empty() : sessions.end(caller, g.sessionId());
    String type = target == GatheringStatus.ENDED ? "gathering.ended" : "gathering.cancelled";
    Mono<Void> cancelInvites =
        target == GatheringStatus.CANCELLED && g.type() == GatheringType.APPOINTMENT
            ? mail.queueCalendarChange(caller.projectId(), g.id(), EmailKind.CANCEL)
            : Mono.empty();
    return gatherings
        .markFinished(caller.projectId(), g.id(), target)
        .flatMap(
            done ->
                endSession
                    .then(events.occurred(caller, type, g.id(), GatheringOut.of(done)))
                    .then(cancelInvites)
                    .thenReturn(done));
  }

  /**
   * Whether invitees' calendars need an update: a scheduled appointment whose time, name or
   * recording changed.
   */
  static boolean rescheduled(Gathering before, Gathering after) {
    return after.type() == GatheringType.APPOINTMENT
        && after.status() == GatheringStatus.SCHEDULED
        && (!java.util.Objects.equals(before.startsAt(), after.startsAt())
            || !java.util.Objects.equals(before.endsAt(), after.endsAt())
            || !before.name().equals(after.name())
            || before.autoStartSession() != after.autoStartSession());
  }

  /**
   * Quartz's start of an appointment at startsAt: starts it (with a session) if it is still
   * scheduled and its time has come, otherwise does nothing (a trigger left from before a
   * reschedule); emits whether it started it.
   */
  Mono<Boolean> autoStart(ProjectRef project, String id) {
    return gatherings
        .lock(project.projectId(), id)
        .filter(
            g ->
                g.status() == GatheringStatus.SCHEDULED
                    && g.autoStartSession()
                    && isDue(g.startsAt()))
        .flatMap(g -> doStart(project, g, null))
        .as(tx::transactional)
        .flatMap(started -> schedule.plan(project, started).thenReturn(true))
        .defaultIfEmpty(false);
  }

  /**
   * Quartz's end of an appointment at endsAt: ends it if it is started and its end has come; emits
   * whether it did.
   */
  Mono<Boolean> autoEnd(ProjectRef project, String id) {
    return gatherings
        .lock(project.projectId(), id)
        .filter(g -> g.status() == GatheringStatus.STARTED && isDue(g.endsAt()))
        .flatMap(g -> doFinish(project, g, GatheringStatus.ENDED))
        .as(tx::transactional)
        .map(done -> true)
        .defaultIfEmpty(false);
  }

  /**
   * Whether a trigger for {@code at} fires at its time: late is fine (a misfire after downtime),
   * early beyond the clock skew allowed between instances means the time has moved since.
   */
  private static boolean isDue(Instant at) {
    return at == null || !Instant.now().plus(TRIGGER_SKEW).isBefore(at);
  }

  private Mono<Gathering> lock(ProjectRef caller, String id) {
    return gatherings
        .lock(caller.projectId(), id)
        .switchIfEmpty(Mono.error(ApiException.notFound("gathering", id)));
  }

  private Mono<Void> checkOwner(ProjectRef caller, Gathering g, String actingParticipant) {
    if (actingParticipant == null) {
      return Mono.empty();
    }
    return members
        .find(caller.projectId(), g.id(), actingParticipant)
        .filter(m -> m.role() == MemberRole.OWNER)
        .switchIfEmpty(
            Mono.error(
                new ApiException(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Only the owner of gathering "
                        + g.id()
                        + " may do this; "
                        + actingParticipant
                        + " is not its owner")))
        .then();
  }

  private static Mono<Void> checkMove(Gathering g, GatheringStatus target, String verb) {
    if (g.status().canMoveTo(target)) {
      return Mono.empty();
    }
    String why =
        g.type() == GatheringType.OPEN && target != GatheringStatus.ENDED
            ? "; an open gathering is always on and can only end"
            : "";
    return Mono.error(
        ApiException.conflict(
            "Cannot " + verb + " gathering " + g.id() + ": it is " + g.status().wireName() + why));
  }
}
