package dev.herald.gatherings;

import dev.herald.storage.projects.ProjectRef;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts or ends one appointment when its Quartz trigger fires. Runs on a Quartz thread, where
 * blocking is fine; the service's own state check makes a repeated fire harmless.
 */
@DisallowConcurrentExecution
class AppointmentJob implements Job {

  static final String START = "start";
  static final String END = "end";
  static final String TENANT = "tenantId";
  static final String PROJECT = "projectId";
  static final String GATHERING = "gatheringId";
  static final String ACTION = "action";

  /** Counts the fires of appointment triggers on this instance, by action. */
  static final String FIRES_METER = "herald.gatherings.appointment.fires";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(AppointmentJob.class);

  private final GatheringService gatherings;
  private final MeterRegistry meters;

  AppointmentJob(GatheringService gatherings, MeterRegistry meters) {
    this.gatherings = gatherings;
    this.meters = meters;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    ProjectRef project = new ProjectRef(data.getString(TENANT), data.getString(PROJECT));
    String gatheringId = data.getString(GATHERING);
    String action = data.getString(ACTION);
    meters.counter(FIRES_METER, "action", action).increment();
    try {
      Boolean done =
          START.equals(action)
              ? gatherings.autoStart(project, gatheringId).block(TIMEOUT)
              : gatherings.autoEnd(project, gatheringId).block(TIMEOUT);
      log.info(
          "Appointment {} {}: {}",
          gatheringId,
          action,
          Boolean.TRUE.equals(done) ? "done" : "nothing to do");
    } catch (RuntimeException e) {
      throw new JobExecutionException("Appointment " + gatheringId + " " + action + " failed", e);
    }
  }
}
