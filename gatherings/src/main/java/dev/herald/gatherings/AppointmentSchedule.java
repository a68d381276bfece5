package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringStatus;
import dev.herald.gatherings.domain.GatheringType;
import dev.herald.storage.projects.ProjectRef;
import java.time.Instant;
import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Quartz triggers that start an appointment with {@code autoStartSession} at {@code startsAt}
 * and end it at {@code endsAt}, on the clustered JDBC job store (so each fires once across Herald
 * instances and survives restarts). Quartz talks JDBC, so every call runs on {@link
 * Schedulers#boundedElastic()}, never on a request thread.
 *
 * <p>The triggers follow the gatherings table, which is the truth: they are planned after the
 * gathering's transaction commits, and a plan lost between the two (a crash, a Quartz error) is
 * repaired by {@link AppointmentReplanner}, so a failed plan is logged, not answered as an error
 * for a change that is committed.
 */
@Component
class AppointmentSchedule {

  static final String GROUP = "appointments";

  private static final Logger log = LoggerFactory.getLogger(AppointmentSchedule.class);

  private final Scheduler scheduler;

  AppointmentSchedule(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Brings the triggers in line with the gathering: a scheduled auto-start appointment gets a start
   * and an end trigger, a started one keeps only its end trigger, anything else none.
   */
  Mono<Void> plan(ProjectRef project, Gathering g) {
    return apply(project, g, false)
        .onErrorResume(
            error -> {
              log.warn(
                  "Could not plan the triggers of appointment {}; the replanner will: {}",
                  g.id(),
                  error.toString());
              return Mono.empty();
            })
        .then();
  }

  /**
   * Like {@link #plan}, but writes only the triggers that are missing or due at another time; emits
   * whether it had to change any.
   */
  Mono<Boolean> repair(ProjectRef project, Gathering g) {
    return apply(project, g, true);
  }

  private Mono<Boolean> apply(ProjectRef project, Gathering g, boolean onlyIfDifferent) {
    if (g.type() != GatheringType.APPOINTMENT) {
      return Mono.just(false);
    }
    return Mono.fromCallable(
            () -> {
              boolean auto = g.autoStartSession();
              boolean changed = false;
              if (auto && g.status() == GatheringStatus.SCHEDULED) {
                changed |= put(project, g, AppointmentJob.START, g.startsAt(), onlyIfDifferent);
                changed |= put(project, g, AppointmentJob.END, g.endsAt(), onlyIfDifferent);
              } else if (auto && g.status() == GatheringStatus.STARTED) {
                changed |= remove(g, AppointmentJob.START);
                changed |= put(project, g, AppointmentJob.END, g.endsAt(), onlyIfDifferent);
              } else {
                changed |= remove(g, AppointmentJob.START);
                changed |= remove(g, AppointmentJob.END);
              }
              return changed;
            })
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Whether a trigger of this gathering and action is pending (for tests and operators). */
  Mono<Boolean> isPending(String gatheringId, String action) {
    return Mono.fromCallable(() -> scheduler.checkExists(triggerKey(gatheringId, action)))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private boolean put(
      ProjectRef project, Gathering g, String action, Instant at, boolean onlyIfDifferent)
      throws SchedulerException {
    if (onlyIfDifferent) {
      Trigger existing = scheduler.getTrigger(triggerKey(g.id(), action));
      if (existing != null && existing.getStartTime().equals(Date.from(at))) {
        return false;
      }
    }
    JobKey jobKey = JobKey.jobKey(g.id() + "/" + action, GROUP);
    JobDetail job =
        JobBuilder.newJob(AppointmentJob.class)
            .withIdentity(jobKey)
            .usingJobData(AppointmentJob.TENANT, project.tenantId())
            .usingJobData(AppointmentJob.PROJECT, project.projectId())
            .usingJobData(AppointmentJob.GATHERING, g.id())
            .usingJobData(AppointmentJob.ACTION, action)
            .requestRecovery()
            .build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(triggerKey(g.id(), action))
            .forJob(jobKey)
            .startAt(Date.from(at))
            // a trigger missed while every instance was down fires as soon as one is back
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
    return true;
  }

  private boolean remove(Gathering g, String action) throws SchedulerException {
    return scheduler.deleteJob(JobKey.jobKey(g.id() + "/" + action, GROUP));
  }

  private static TriggerKey triggerKey(String gatheringId, String action) {
    return TriggerKey.triggerKey(gatheringId + "/" + action, GROUP);
  }
}
