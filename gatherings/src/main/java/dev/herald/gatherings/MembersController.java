package dev.herald.gatherings;

import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ListOut;
import dev.herald.web.Violations;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/gatherings/{id}/members}: add (join), list, ready, leave, remove. */
@RestController
@RequestMapping("/v1/gatherings/{gatheringId}/members")
class MembersController {

  private final MemberService members;

  MembersController(MemberService members) {
    this.members = members;
  }

  @GetMapping
  Mono<ListOut<MemberOut>> list(ProjectRef caller, @PathVariable String gatheringId) {
    return members.list(caller, gatheringId).map(ListOut::all);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Mono<MemberOut> add(
      ProjectRef caller, @PathVariable String gatheringId, @RequestBody MemberIn in) {
    new Violations()
        .check(
            in.participantId() != null && !in.participantId().isBlank(),
            "participantId",
            "is required")
        .throwIfAny();
    return members.add(caller, gatheringId, in.participantId());
  }

  @PatchMapping("/{participantId}")
  Mono<MemberOut> update(
      ProjectRef caller,
      @PathVariable String gatheringId,
      @PathVariable String participantId,
      @RequestBody MemberPatch patch) {
    new Violations()
        .check(
            "ready".equals(patch.state()) || "left".equals(patch.state()),
            "state",
            "must be ready or left")
        .throwIfAny();
    return "ready".equals(patch.state())
        ? members.ready(caller, gatheringId, participantId)
        : members.leave(caller, gatheringId, participantId, false);
  }

  @DeleteMapping("/{participantId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> remove(
      ProjectRef caller, @PathVariable String gatheringId, @PathVariable String participantId) {
    return members.leave(caller, gatheringId, participantId, true).then();
  }
}
