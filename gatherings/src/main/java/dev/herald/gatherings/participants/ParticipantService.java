package dev.herald.gatherings.participants;

import dev.herald.storage.events.EventLog;
import dev.herald.storage.events.EventPayload;
import dev.herald.storage.events.NewEvent;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates, changes and deletes participants, each with its event in the same transaction. */
@Service
class ParticipantService {

  static final String SOURCE = "herald:participants";

  private final ParticipantRepository participants;
  private final EventLog eventLog;
  private final TransactionalOperator tx;
  private final JsonMapper json;

  ParticipantService(
      ParticipantRepository participants,
      EventLog eventLog,
      TransactionalOperator tx,
      JsonMapper json) {
    this.participants = participants;
    this.eventLog = eventLog;
    this.tx = tx;
    this.json = json;
  }

  Mono<ParticipantOut> create(
      ProjectRef caller, String id, String displayName, String email, JsonNode userData) {
    return participants
        .create(caller.projectId(), id, displayName, email, userData)
        .switchIfEmpty(Mono.error(ApiException.conflict("Participant " + id + " already exists")))
        .map(ParticipantOut::of)
        .flatMap(
            out ->
                append(caller, "participant.created", out.id(), EventPayload.created(tree(out)))
                    .thenReturn(out))
        .as(tx::transactional);
  }

  Mono<ParticipantOut> update(ProjectRef caller, String id, ParticipantPatch patch) {
    return find(caller, id)
        .flatMap(
            before -> {
              String name =
                  patch.displayName() != null ? patch.displayName() : before.displayName();
              String email = patch.email() != null ? patch.email() : before.email();
              JsonNode userData =
                  patch.userData() == null || patch.userData().isNull()
                      ? before.userData()
                      : patch.userData();
              return participants
                  .update(caller.projectId(), id, name, email, userData)
                  .map(ParticipantOut::of)
                  .flatMap(
                      after ->
                          append(
                                  caller,
                                  "participant.updated",
                                  id,
                                  EventPayload.updated(
                                      tree(ParticipantOut.of(before)), tree(after)))
                              .thenReturn(after));
            })
        .as(tx::transactional);
  }

  Mono<Void> delete(ProjectRef caller, String id) {
    return find(caller, id)
        .flatMap(
            last ->
                participants
                    .isReferenced(caller.projectId(), id)
                    .flatMap(
                        referenced ->
                            referenced
                                ? Mono.error(
                                    ApiException.conflict(
                                        "Participant "
                                            + id
                                            + " is a member of or invited to a gathering;"
                                            + " remove them there first"))
                                : participants.delete(caller.projectId(), id))
                    .then(
                        append(
                            caller,
                            "participant.deleted",
                            id,
                            EventPayload.deleted(tree(ParticipantOut.of(last))))))
        .then()
        .as(tx::transactional);
  }

  Mono<Participant> find(ProjectRef caller, String id) {
    return participants
        .find(caller.projectId(), id)
        .switchIfEmpty(Mono.error(ApiException.notFound("participant", id)));
  }

  private Mono<Void> append(ProjectRef caller, String type, String id, EventPayload payload) {
    return eventLog.append(caller, new NewEvent(type, SOURCE, "participant:" + id, payload)).then();
  }

  private JsonNode tree(ParticipantOut out) {
    return json.valueToTree(out);
  }
}
