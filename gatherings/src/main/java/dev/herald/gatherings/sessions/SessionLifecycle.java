package dev.herald.gatherings.sessions;

import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.ids.Ids;
import dev.herald.storage.projects.ProjectRef;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates and ends the sessions of gatherings, each with its event; runs inside the caller's
 * transaction (the gathering's start or end).
 */
@Service
public class SessionLifecycle {

  static final String SOURCE = "herald:sessions";

  private final SessionRepository sessions;
  private final EventLog eventLog;
  private final JsonMapper json;

  SessionLifecycle(SessionRepository sessions, EventLog eventLog, JsonMapper json) {
    this.sessions = sessions;
    this.eventLog = eventLog;
    this.json = json;
  }

  /** A new active session of the gathering, with its {@code session.created} event. */
  public Mono<Session> start(ProjectRef project, String gatheringId, String roomId) {
    return sessions
        .create(project.projectId(), Ids.newId("ses"), gatheringId, roomId)
        .flatMap(
            session ->
                eventLog
                    .append(
                        project,
                        new NewEvent(
                            "session.created",
                            SOURCE,
                            "session:" + session.id(),
                            EventPayload.created(json.valueToTree(SessionOut.of(session)))))
                    .thenReturn(session));
  }

  /** Ends the session if it is active, with its {@code session.updated} event. */
  public Mono<Void> end(ProjectRef project, String sessionId) {
    return sessions
        .find(project.projectId(), sessionId)
        .flatMap(
            before ->
                sessions
                    .end(project.projectId(), sessionId)
                    .flatMap(
                        after ->
                            eventLog.append(
                                project,
                                new NewEvent(
                                    "session.updated",
                                    SOURCE,
                                    "session:" + sessionId,
                                    EventPayload.updated(
                                        json.valueToTree(SessionOut.of(before)),
                                        json.valueToTree(SessionOut.of(after)))))))
        .then();
  }
}
