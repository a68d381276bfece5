package dev.herald.gatherings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.storage.projects.ProjectRef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Appointments with autoStartSession start and end by themselves, on Quartz triggers. */
class AppointmentScheduleIntegrationTests extends GatheringTestSupport {

  private static final Duration BOUND = Duration.ofSeconds(30);

  @Autowired Scheduler scheduler;
  @Autowired AppointmentReplanner replanner;
  @Autowired GatheringService service;
  @Autowired AppointmentSchedule appointments;
  @Autowired GatheringRepository gatherings;

  @BeforeEach
  void setUp() {
    project = newProject();
  }

  @Test
  void appointmentWithAutoStartSession_aFewSecondsAhead_startsAndEndsByItself() {
    Instant start = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
    String id = appointment(start, start.plusSeconds(2)).get("id").asString();

    await().atMost(BOUND).until(() -> status(id).equals("ended"));

    JsonNode gathering = get("/v1/gatherings/" + id);
    assertThat(gathering.get("sessionId").isNull()).isFalse();
    assertThat(
            get("/v1/sessions/" + gathering.get("sessionId").asString()).get("status").asString())
        .isEqualTo("ended");
    assertThat(eventTypes("gathering.*,session.*"))
        .containsExactly(
            "gathering.created",
            "session.created",
            "gathering.started",
            "session.updated",
            "gathering.ended");
  }

  @Test
  void rescheduling_movesTheTriggers() throws Exception {
    Instant far = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String id = appointment(far, far.plus(1, ChronoUnit.HOURS)).get("id").asString();
    assertThat(fireTime(id, "start")).isEqualTo(Date.from(far));

    Instant soon = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.MILLIS);
    patch(
            "/v1/gatherings/" + id,
            Map.of("startsAt", soon.toString(), "endsAt", soon.plusSeconds(60).toString()))
        .expectStatus()
        .isOk();
    assertThat(fireTime(id, "start")).isEqualTo(Date.from(soon));

    await().atMost(BOUND).until(() -> status(id).equals("started"));
    // Quartz deletes a fired trigger once its job has returned, just after the start commits
    await().atMost(BOUND).until(() -> !scheduler.checkExists(key(id, "start")));
    assertThat(scheduler.checkExists(key(id, "end"))).isTrue();
  }

  @Test
  void triggersLostAfterTheCommit_areRepairedByTheReplanner_andOnlyThose() throws Exception {
    Instant far = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    String lost = appointment(far, far.plus(1, ChronoUnit.HOURS)).get("id").asString();
    String kept = appointment(far, far.plus(2, ChronoUnit.HOURS)).get("id").asString();
    // as if Herald had died between the gathering's commit and planning its triggers
    scheduler.deleteJob(JobKey.jobKey(lost + "/start", AppointmentSchedule.GROUP));
    scheduler.deleteJob(JobKey.jobKey(lost + "/end", AppointmentSchedule.GROUP));
    assertThat(scheduler.checkExists(key(lost, "start"))).isFalse();

    Long repaired = replanner.replanAll().block(BOUND);

    assertThat(repaired).isGreaterThanOrEqualTo(1);
    assertThat(fireTime(lost, "start")).isEqualTo(Date.from(far));
    assertThat(fireTime(lost, "end")).isEqualTo(Date.from(far.plus(1, ChronoUnit.HOURS)));
    assertThat(fireTime(kept, "end")).isEqualTo(Date.from(far.plus(2, ChronoUnit.HOURS)));
    // triggers in line with their gathering are left as they are
    var owner = new ProjectRef(project.tenantId(), project.projectId());
    for (String id : new String[] {lost, kept}) {
      var gathering = gatherings.find(project.projectId(), id).block(BOUND);
      assertThat(appointments.repair(owner, gathering).block(BOUND)).isFalse();
    }
  }

  @Test
  void aTriggerFiringBeforeTheAppointmentsTime_startsNothing() {
    Instant far = Instant.now().plus(10, ChronoUnit.DAYS);
    String id = appointment(far, far.plus(1, ChronoUnit.HOURS)).get("id").asString();

    // a trigger left from the appointment's earlier time fires now
    Boolean started =
        service.autoStart(new ProjectRef(project.tenantId(), project.projectId()), id).block(BOUND);

    assertThat(started).isFalse();
    assertThat(status(id)).isEqualTo("scheduled");
  }

  @Test
  void cancelling_removesTheTriggers() throws Exception {
    Instant far = Instant.now().plus(10, ChronoUnit.DAYS);
    String id = appointment(far, far.plus(1, ChronoUnit.HOURS)).get("id").asString();
    assertThat(scheduler.checkExists(key(id, "start"))).isTrue();
    assertThat(scheduler.checkExists(key(id, "end"))).isTrue();

    ok("/v1/gatherings/" + id + "/cancel", Map.of());

    assertThat(scheduler.checkExists(key(id, "start"))).isFalse();
    assertThat(scheduler.checkExists(key(id, "end"))).isFalse();
  }

  @Test
  void withoutAutoStartSession_noTriggersAreSet() throws Exception {
    Instant far = Instant.now().plus(10, ChronoUnit.DAYS);
    String id =
        created(
                "/v1/gatherings",
                Map.of(
                    "name",
                    "Manual",
                    "type",
                    "appointment",
                    "startsAt",
                    far.toString(),
                    "endsAt",
                    far.plus(1, ChronoUnit.HOURS).toString()))
            .get("id")
            .asString();
    assertThat(scheduler.checkExists(key(id, "start"))).isFalse();
  }

  private JsonNode appointment(Instant start, Instant end) {
    return created(
        "/v1/gatherings",
        Map.of(
            "name",
            "Standup",
            "type",
            "appointment",
            "startsAt",
            start.toString(),
            "endsAt",
            end.toString(),
            "autoStartSession",
            true));
  }

  private String status(String id) {
    return get("/v1/gatherings/" + id).get("status").asString();
  }

  private Date fireTime(String id, String action) throws Exception {
    return scheduler.getTrigger(key(id, action)).getNextFireTime();
  }

  private static TriggerKey key(String id, String action) {
    return TriggerKey.triggerKey(id + "/" + action, AppointmentSchedule.GROUP);
  }
}
