package dev.herald.gatherings.participants;

import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ListOut;
import dev.herald.web.Paging;
import dev.herald.web.Violations;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code /v1/participants}: create, read, list, update and delete participants. */
@RestController
@RequestMapping("/v1/participants")
class ParticipantsController {

  /** A caller-chosen participant id: letters, digits and {@code _ . : @ -}, up to 128. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}");

  private final ParticipantService service;
  private final ParticipantRepository participants;

  ParticipantsController(ParticipantService service, ParticipantRepository participants) {
    this.service = service;
    this.participants = participants;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<ParticipantOut> create(ProjectRef caller, @RequestBody ParticipantIn in) {
    Violations violations = new Violations();
    if (in.id() == null) {
      violations.add("id", "is required");
    } else {
      violations.check(
          ID.matcher(in.id()).matches(),
          "id",
          "must be 1 to 128 letters, digits or _ . : @ - (starting with a letter or digit)");
    }
    checkFields(violations, in.displayName(), in.email(), in.userData());
    violations.throwIfAny();
    return service.create(
        caller, in.id(), in.displayName(), in.email(), objectOrEmpty(in.userData()));
  }

  @GetMapping
  Mono<ListOut<ParticipantOut>> list(
      ProjectRef caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    int pageSize = Paging.limit(limit);
    return participants
        .list(caller.projectId(), after, pageSize + 1)
        .map(ParticipantOut::of)
        .collectList()
        .map(page -> ListOut.of(page, pageSize, ParticipantOut::id));
  }

  @GetMapping("/{participantId}")
  Mono<ParticipantOut> get(ProjectRef caller, @PathVariable String participantId) {
    return service.find(caller, participantId).map(ParticipantOut::of);
  }

  @PatchMapping("/{participantId}")
  Mono<ParticipantOut> update(
      ProjectRef caller, @PathVariable String participantId, @RequestBody ParticipantPatch patch) {
    Violations violations = new Violations();
    checkFields(violations, patch.displayName(), patch.email(), patch.userData());
    violations.throwIfAny();
    return service.update(caller, participantId, patch);
  }

  @DeleteMapping("/{participantId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(ProjectRef caller, @PathVariable String participantId) {
    return service.delete(caller, participantId).then();
  }

  private static void checkFields(
      Violations violations, String displayName, String email, JsonNode userData) {
    violations.check(
        displayName == null || (!displayName.isBlank() && displayName.length() <= 200),
        "displayName",
        "must be 1 to 200 characters");
    violations.check(
        email == null || EmailAddresses.isValid(email), "email", "is not an email address");
    violations.check(
        userData == null || userData.isNull() || userData.isObject(),
        "userData",
        "must be a JSON object");
  }

  private static JsonNode objectOrEmpty(JsonNode node) {
    return node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node;
  }
}
