package dev.herald.gatherings;

import dev.herald.delivery.worker.LoopWorker;
import dev.herald.delivery.worker.WorkerLoop;
import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.projects.ProjectRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Brings every auto-start appointment's Quartz triggers in line with the gatherings table: at start
 * and every {@code herald.gatherings.replan-interval}. Triggers are planned after a gathering's
 * transaction commits; this repairs any plan lost in between (a crash, a Quartz error), writing
 * only the triggers that are missing or due at another time.
 */
@Component
class AppointmentReplanner extends LoopWorker {

  private static final int PAGE = 200;
  private static final Logger log = LoggerFactory.getLogger(AppointmentReplanner.class);

  private final GatheringRepository gatherings;
  private final ProjectRepository projects;
  private final AppointmentSchedule schedule;
  private final WorkerLoop loop;

  AppointmentReplanner(
      GatheringRepository gatherings,
      ProjectRepository projects,
      AppointmentSchedule schedule,
      GatheringsProperties properties) {
    this.gatherings = gatherings;
    this.projects = projects;
    this.schedule = schedule;
    this.loop =
        new WorkerLoop(
            "Appointment replanning",
            () -> Flux.interval(properties.replanInterval()),
            () -> replanAll().then());
  }

  @Override
  protected WorkerLoop loop() {
    return loop;
  }

  /** Repairs every auto-start appointment's triggers; emits how many it had to change. */
  Mono<Long> replanAll() {
    AtomicLong repaired = new AtomicLong();
    Map<String, ProjectRef> owners = new HashMap<>();
    return page("", "")
        .expand(
            batch ->
                batch.size() < PAGE
                    ? Mono.empty()
                    : page(batch.get(PAGE - 1).projectId(), batch.get(PAGE - 1).id()))
        .concatMap(Flux::fromIterable)
        .concatMap(
            g ->
                owner(owners, g.projectId())
                    .flatMap(project -> schedule.repair(project, g))
                    .doOnNext(changed -> repaired.addAndGet(changed ? 1 : 0)))
        .then(Mono.fromSupplier(repaired::get))
        .doOnNext(
            count -> {
              if (count > 0) {
                log.warn("Repaired the Quartz triggers of {} appointment(s)", count);
              }
            });
  }

  private Mono<List<Gathering>> page(String afterProjectId, String afterId) {
    return gatherings.autoStartAppointments(afterProjectId, afterId, PAGE).collectList();
  }

  private Mono<ProjectRef> owner(Map<String, ProjectRef> owners, String projectId) {
    ProjectRef known = owners.get(projectId);
    return known != null
        ? Mono.just(known)
        : projects.find(projectId).doOnNext(project -> owners.put(projectId, project));
  }
}
