package dev.herald.gatherings;

import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.projects.ProjectRef;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends the events of a gathering (its lifecycle, members and invitations) to the log, all with
 * resourceId {@code gathering:{id}}, within the caller's transaction.
 */
@Component
class GatheringEvents {

  static final String SOURCE = "herald:gatherings";

  private final EventLog eventLog;
  private final JsonMapper json;

  GatheringEvents(EventLog eventLog, JsonMapper json) {
    this.eventLog = eventLog;
    this.json = json;
  }

  Mono<Void> created(ProjectRef project, String gatheringId, Object data) {
    return append(project, "gathering.created", gatheringId, EventPayload.created(tree(data)));
  }

  Mono<Void> updated(ProjectRef project, String gatheringId, Object before, Object after) {
    return append(
        project, "gathering.updated", gatheringId, EventPayload.updated(tree(before), tree(after)));
  }

  /** A lifecycle moment ({@code gathering.started}, {@code gathering.member.joined}, ...). */
  Mono<Void> occurred(ProjectRef project, String type, String gatheringId, Object data) {
    return append(project, type, gatheringId, EventPayload.occurred(tree(data)));
  }

  JsonNode tree(Object data) {
    return data instanceof JsonNode node ? node : json.valueToTree(data);
  }

  private Mono<Void> append(
      ProjectRef project, String type, String gatheringId, EventPayload payload) {
    return eventLog
        .append(project, new NewEvent(type, SOURCE, "gathering:" + gatheringId, payload))
        .then();
  }
}
