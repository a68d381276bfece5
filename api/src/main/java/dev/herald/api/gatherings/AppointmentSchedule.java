package dev.herald.api.gatherings;

import dev.herald.storage.gatherings.Gathering;
import dev.herald.storage.gatherings.GatheringStatus;
import dev.herald.storage.gatherings.GatheringType;
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
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Quartz triggers that start an appointment with {@code autoStartSession} at {@code startsAt}
 * and end it at {@code endsAt}, on the clustered JDBC job store (so each fires once across Herald
 * instances and survives restarts). Quartz talks JDBC, so every call runs on {@link
 * Schedulers#boundedElastic()}, never on a request thread.
 */
@Component
class AppointmentSchedule {

  static final String GROUP = "appointments";

  private final Scheduler scheduler;

  AppointmentSchedule(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Brings the triggers in line with the gathering: a scheduled auto-start appointment gets a start
   * and an end trigger, a started one keeps only its end trigger, anything else none.
   */
  Mono<Void> plan(ProjectRef project, Gathering g) {
    if (g.type() != GatheringType.APPOINTMENT) {
      return Mono.empty();
    }
    return Mono.<Void>fromCallable(
            () -> {
              boolean auto = g.autoStartSession();
              if (auto && g.status() == GatheringStatus.SCHEDULED) {
                put(project, g, AppointmentJob.START, g.startsAt());
                put(project, g, AppointmentJob.END, g.endsAt());
              } else if (auto && g.status() == GatheringStatus.STARTED) {
                remove(g, AppointmentJob.START);
                put(project, g, AppointmentJob.END, g.endsAt());
              } else {
                remove(g, AppointmentJob.START);
                remove(g, AppointmentJob.END);
              }
              return null;
            })
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }

  /** Whether a trigger of this gathering and action is pending (for tests and operators). */
  Mono<Boolean> isPending(String gatheringId, String action) {
    return Mono.fromCallable(() -> scheduler.checkExists(triggerKey(gatheringId, action)))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private void put(ProjectRef project, Gathering g, String action, Instant at)
      throws SchedulerException {
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
  }

  private void remove(Gathering g, String action) throws SchedulerException {
    scheduler.deleteJob(JobKey.jobKey(g.id() + "/" + action, GROUP));
  }

  private static TriggerKey triggerKey(String gatheringId, String action) {
    return TriggerKey.triggerKey(gatheringId + "/" + action, GROUP);
  }
}
