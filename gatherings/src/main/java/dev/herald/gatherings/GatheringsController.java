package dev.herald.gatherings;

import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringQuery;
import dev.herald.gatherings.domain.GatheringRepository;
import dev.herald.gatherings.domain.GatheringStatus;
import dev.herald.gatherings.domain.GatheringType;
import dev.herald.storage.ids.Ids;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.ListOut;
import dev.herald.web.Paging;
import dev.herald.web.Violations;
import java.time.Instant;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
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

/** {@code /v1/gatherings}: create, read, list, update, the lifecycle, and joining by code. */
@RestController
@RequestMapping("/v1/gatherings")
class GatheringsController {

  private final GatheringService service;
  private final MemberService members;
  private final GatheringRepository gatherings;
  private final JoinCodeGuard guard;

  GatheringsController(
      GatheringService service,
      MemberService members,
      GatheringRepository gatherings,
      JoinCodeGuard guard) {
    this.service = service;
    this.members = members;
    this.gatherings = gatherings;
    this.guard = guard;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<GatheringOut> create(ProjectRef caller, @RequestBody GatheringIn in) {
    Violations violations = new Violations();
    GatheringValidation.checkName(violations, in.name(), true);
    GatheringType type = null;
    if (in.type() == null) {
      violations.add("type", "is required: lobby, appointment or open");
    } else if (!GatheringType.isWireName(in.type())) {
      violations.add("type", "must be lobby, appointment or open");
    } else {
      type = GatheringType.fromWireName(in.type());
    }
    GatheringValidation.checkCommon(violations, in.metadata(), in.maxMembers());
    Instant startsAt = GatheringValidation.time(violations, "startsAt", in.startsAt());
    Instant endsAt = GatheringValidation.time(violations, "endsAt", in.endsAt());
    if (in.createdBy() != null && in.createdBy().isBlank()) {
      violations.add("createdBy", "must be a participant id");
    }
    if (type != null) {
      GatheringValidation.checkTypeFields(
          violations,
          type,
          true,
          in.startsAt(),
          in.endsAt(),
          startsAt,
          endsAt,
          in.autoStartSession(),
          in.visibility());
    }
    violations.throwIfAny();
    Gathering draft =
        new Gathering(
            caller.projectId(),
            Ids.newId("gat"),
            in.name(),
            type,
            type.initialStatus(),
            null,
            in.metadata() == null || in.metadata().isNull()
                ? JsonNodeFactory.instance.objectNode()
                : in.metadata(),
            in.maxMembers(),
            in.createdBy(),
            startsAt,
            endsAt,
            Boolean.TRUE.equals(in.autoStartSession()),
            type == GatheringType.OPEN
                ? (in.visibility() == null ? "listed" : in.visibility())
                : null,
            null,
            null,
            null,
            null,
            null,
            null);
    return service.create(caller, draft);
  }

  @GetMapping
  Mono<ListOut<GatheringOut>> list(
      ProjectRef caller,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Boolean listed,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    int pageSize = Paging.limit(limit);
    if (type != null && !GatheringType.isWireName(type)) {
      throw ApiException.badRequest("type must be lobby, appointment or open (was " + type + ")");
    }
    if (status != null
        && Arrays.stream(GatheringStatus.values()).noneMatch(s -> s.wireName().equals(status))) {
      throw ApiException.badRequest("status is not a gathering status (was " + status + ")");
    }
    GatheringQuery query =
        new GatheringQuery(
            type == null ? null : GatheringType.fromWireName(type),
            status == null ? null : GatheringStatus.fromWireName(status),
            listed,
            after,
            pageSize + 1);
    return gatherings
        .list(caller.projectId(), query)
        .map(GatheringOut::of)
        .collectList()
        .map(page -> ListOut.of(page, pageSize, GatheringOut::id));
  }

  @GetMapping("/{gatheringId}")
  Mono<GatheringOut> get(ProjectRef caller, @PathVariable String gatheringId) {
    return service.find(caller, gatheringId).map(GatheringOut::of);
  }

  @PatchMapping("/{gatheringId}")
  Mono<GatheringOut> update(
      ProjectRef caller, @PathVariable String gatheringId, @RequestBody GatheringPatch patch) {
    Violations violations = new Violations();
    GatheringValidation.checkName(violations, patch.name(), false);
    GatheringValidation.checkCommon(violations, patch.metadata(), patch.maxMembers());
    Instant startsAt = GatheringValidation.time(violations, "startsAt", patch.startsAt());
    Instant endsAt = GatheringValidation.time(violations, "endsAt", patch.endsAt());
    violations.check(
        patch.visibility() == null || GatheringValidation.VISIBILITIES.contains(patch.visibility()),
        "visibility",
        "must be listed or unlisted");
    violations.throwIfAny();
    JsonNode metadata =
        patch.metadata() == null || patch.metadata().isNull() ? null : patch.metadata();
    return service.update(
        caller,
        gatheringId,
        new PatchValues(
            patch.name(),
            metadata,
            patch.maxMembers(),
            startsAt,
            endsAt,
            patch.autoStartSession(),
            patch.visibility()));
  }

  @PostMapping("/{gatheringId}/start")
  Mono<GatheringOut> start(
      ProjectRef caller,
      @PathVariable String gatheringId,
      @RequestBody(required = false) LifecycleIn in) {
    LifecycleIn body = checked(in, true);
    return service.start(caller, gatheringId, body.participantId(), body.roomId());
  }

  @PostMapping("/{gatheringId}/end")
  Mono<GatheringOut> end(
      ProjectRef caller,
      @PathVariable String gatheringId,
      @RequestBody(required = false) LifecycleIn in) {
    return service.end(caller, gatheringId, checked(in, false).participantId());
  }

  @PostMapping("/{gatheringId}/cancel")
  Mono<GatheringOut> cancel(
      ProjectRef caller,
      @PathVariable String gatheringId,
      @RequestBody(required = false) LifecycleIn in) {
    return service.cancel(caller, gatheringId, checked(in, false).participantId());
  }

  @PostMapping("/join")
  Mono<JoinOut> join(ProjectRef caller, @RequestBody JoinIn in) {
    Violations violations = new Violations();
    violations.check(in.joinCode() != null, "joinCode", "is required");
    violations.check(in.participantId() != null, "participantId", "is required");
    String code = JoinCodes.normalize(in.joinCode());
    if (in.joinCode() != null) {
      violations.check(
          code != null,
          "joinCode",
          "must be 8 characters of 0-9 and A-Z without I, L, O, U (hyphens and spaces ignored)");
    }
    violations.throwIfAny();
    guard.checkAllowed(caller.projectId());
    return gatherings
        .findByJoinCode(caller.projectId(), code)
        .switchIfEmpty(
            Mono.error(
                () ->
                    guard.failed(
                        caller.projectId(),
                        new ApiException(
                            HttpStatus.NOT_FOUND,
                            "not_found",
                            "No gathering with join code " + JoinCodes.display(code)))))
        .flatMap(found -> members.joinByCode(caller, found.id(), in.participantId()));
  }

  private static LifecycleIn checked(LifecycleIn in, boolean roomAllowed) {
    LifecycleIn body = in == null ? new LifecycleIn(null, null) : in;
    Violations violations = new Violations();
    violations.check(
        body.participantId() == null || !body.participantId().isBlank(),
        "participantId",
        "must be a participant id");
    if (roomAllowed) {
      violations.check(
          body.roomId() == null || (!body.roomId().isBlank() && body.roomId().length() <= 200),
          "roomId",
          "must be 1 to 200 characters");
    } else {
      violations.check(body.roomId() == null, "roomId", "applies only to start");
    }
    violations.throwIfAny();
    return body;
  }
}
