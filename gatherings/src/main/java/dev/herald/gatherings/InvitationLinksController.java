package dev.herald.gatherings;

import dev.herald.gatherings.domain.InvitationStatus;
import dev.herald.gatherings.mail.InvitationEmails;
import dev.herald.storage.projects.ProjectRef;
import dev.herald.storage.projects.ProjectRepository;
import dev.herald.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The accept and decline links of invitation emails, for invitees without an API key: the token is
 * the credential. {@code GET} shows a page that asks to confirm (so a mail scanner that follows
 * links answers nothing); its button {@code POST}s to the same address, which answers the
 * invitation like {@code POST /v1/invitations/accept|decline}.
 */
@RestController
class InvitationLinksController {

  static final String PATH = InvitationEmails.ANSWER_PATH;

  private final ProjectRepository projects;
  private final InvitationService invitations;

  InvitationLinksController(ProjectRepository projects, InvitationService invitations) {
    this.projects = projects;
    this.invitations = invitations;
  }

  @GetMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
  Mono<String> confirm(
      @PathVariable String projectId, @PathVariable String token, @PathVariable String answer) {
    InvitationStatus status = answer(answer);
    return project(projectId)
        .flatMap(project -> invitations.describeByToken(project, token))
        .map(
            found ->
                page(
                    found.gatheringName(),
                    found.invitation().status() == InvitationStatus.PENDING
                        ? "<form method=\"post\"><button type=\"submit\">"
                            + (status == InvitationStatus.ACCEPTED ? "Accept" : "Decline")
                            + " the invitation</button></form>"
                        : "<p>You have already "
                            + found.invitation().status().wireName()
                            + " this invitation.</p>"));
  }

  @PostMapping(value = PATH, produces = MediaType.TEXT_HTML_VALUE)
  Mono<String> answer(
      @PathVariable String projectId, @PathVariable String token, @PathVariable String answer) {
    InvitationStatus status = answer(answer);
    return project(projectId)
        .flatMap(
            project ->
                invitations
                    .answerByToken(project, token, status)
                    .then(invitations.describeByToken(project, token)))
        .map(
            found ->
                page(
                    found.gatheringName(),
                    "<p>Thank you: you have " + status.wireName() + " this invitation.</p>"));
  }

  private Mono<ProjectRef> project(String projectId) {
    return projects.find(projectId).switchIfEmpty(Mono.error(InvitationLinksController::unknown));
  }

  private static InvitationStatus answer(String answer) {
    return switch (answer) {
      case "accept" -> InvitationStatus.ACCEPTED;
      case "decline" -> InvitationStatus.DECLINED;
      default -> throw unknown();
    };
  }

  private static ApiException unknown() {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", "No such invitation link");
  }

  private static String page(String gatheringName, String body) {
    String name = HtmlUtils.htmlEscape(gatheringName, "UTF-8");
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
        + name
        + "</title></head>\n<body style=\"font-family:sans-serif\">\n<h1>"
        + name
        + "</h1>\n"
        + body
        + "\n</body></html>\n";
  }
}
