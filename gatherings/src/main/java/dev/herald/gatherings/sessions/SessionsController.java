package dev.herald.gatherings.sessions;

import dev.herald.storage.projects.ProjectRef;
import dev.herald.web.ApiException;
import dev.herald.web.ListOut;
import dev.herald.web.Paging;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /v1/sessions}: the project's sessions, read-only. */
@RestController
@RequestMapping("/v1/sessions")
class SessionsController {

  private final SessionRepository sessions;

  SessionsController(SessionRepository sessions) {
    this.sessions = sessions;
  }

  @GetMapping
  Mono<ListOut<SessionOut>> list(
      ProjectRef caller,
      @RequestParam(required = false) String gatheringId,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String after) {
    int pageSize = Paging.limit(limit);
    return sessions
        .list(caller.projectId(), gatheringId, after, pageSize + 1)
        .map(SessionOut::of)
        .collectList()
        .map(page -> ListOut.of(page, pageSize, SessionOut::id));
  }

  @GetMapping("/{sessionId}")
  Mono<SessionOut> get(ProjectRef caller, @PathVariable String sessionId) {
    return sessions
        .find(caller.projectId(), sessionId)
        .switchIfEmpty(Mono.error(ApiException.notFound("session", sessionId)))
        .map(SessionOut::of);
  }
}
