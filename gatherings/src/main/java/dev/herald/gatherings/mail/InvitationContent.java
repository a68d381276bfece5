package dev.herald.gatherings.mail;

import dev.herald.gatherings.domain.EmailKind;
import dev.herald.gatherings.domain.Gathering;
import dev.herald.gatherings.domain.GatheringType;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * The words of an invitation email, as plain text and as HTML: branded with the project's name, the
 * gathering's name, time and join code, the accept and decline links of the invitation's token, and
 * a clear notice when the meeting will be recorded and transcribed.
 */
record InvitationContent(
    CalendarInvite.Mailbox recipient,
    String subject,
    String text,
    String html,
    String description) {

  static final String RECORDING_NOTICE =
      "This meeting will be recorded and transcribed: a session starts automatically at the"
          + " scheduled time, and what is said in it is recorded and transcribed.";

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** The links of the email, answering the invitation by its token. */
  record Links(String accept, String decline) {}

  static InvitationContent of(
      String projectName,
      Gathering g,
      EmailKind kind,
      int sequence,
      CalendarInvite.Mailbox recipient,
      Links links) {
    boolean cancel = kind == EmailKind.CANCEL;
    String when = g.type() == GatheringType.APPOINTMENT ? when(g) : null;
    String subject =
        (cancel ? "Cancelled: " : sequence > 0 ? "Updated invitation: " : "Invitation: ")
            + g.name()
            + (when == null ? "" : " (" + when + ")");
    String lead =
        cancel
            ? projectName + " has cancelled \"" + g.name() + "\"."
            : sequence > 0
                ? projectName + " has changed \"" + g.name() + "\"; your invitation is updated."
                : projectName + " invites you to \"" + g.name() + "\".";
    boolean recorded = !cancel && g.autoStartSession();
    String code = g.joinCode().substring(0, 4) + "-" + g.joinCode().substring(4);
    return new InvitationContent(
        recipient,
        subject,
        text(projectName, lead, when, code, recorded, cancel ? null : links),
        html(projectName, g.name(), lead, when, code, recorded, cancel ? null : links),
        description(lead, when, code, recorded, cancel ? null : links));
  }

  /** The appointment's time, in UTC: {@code Wednesday 1 July 2026, 15:00–16:00 UTC}. */
  static String when(Gathering g) {
    return DAY.format(g.startsAt()) + "–" + TIME.format(g.endsAt()) + " UTC";
  }

  private static String text(
      String project, String lead, String when, String code, boolean recorded, Links links) {
    StringBuilder out = new StringBuilder(lead).append("\r\n\r\n");
    if (when != null) {
      out.append("When: ").append(when).append("\r\n");
    }
    out.append("Join code: ").append(code).append("\r\n");
    if (recorded) {
      out.append("\r\n").append(RECORDING_NOTICE).append("\r\n");
    }
    if (links != null) {
      out.append("\r\nAccept: ").append(links.accept()).append("\r\n");
      out.append("Decline: ").append(links.decline()).append("\r\n");
    }
    out.append("\r\n-- \r\n").append(project).append(", via Herald\r\n");
    return out.toString();
  }

  private static String html(
      String project,
      String name,
      String lead,
      String when,
      String code,
      boolean recorded,
      Links links) {
    StringBuilder out =
        new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(escape(name))
            .append("</title></head>\n<body style=\"font-family:sans-serif;color:#1f2937\">\n")
            .append("<p style=\"font-size:12px;letter-spacing:.08em;text-transform:uppercase;")
            .append("color:#6b7280\">")
            .append(escape(project))
            .append("</p>\n<h1 style=\"font-size:22px\">")
            .append(escape(name))
            .append("</h1>\n<p>")
            .append(escape(lead))
            .append("</p>\n<table>\n");
    if (when != null) {
      out.append("<tr><th align=\"left\">When</th><td>")
          .append(escape(when))
          .append("</td></tr>\n");
    }
    out.append("<tr><th align=\"left\">Join code</th><td><code>")
        .append(escape(code))
        .append("</code></td></tr>\n</table>\n");
    if (recorded) {
      out.append("<p style=\"padding:8px;background:#fef3c7\"><strong>")
          .append(escape(RECORDING_NOTICE))
          .append("</strong></p>\n");
    }
    if (links != null) {
      out.append("<p><a href=\"")
          .append(escape(links.accept()))
          .append("\">Accept</a> &nbsp; <a href=\"")
          .append(escape(links.decline()))
          .append("\">Decline</a></p>\n");
    }
    return out.append("<p style=\"font-size:12px;color:#6b7280\">")
        .append(escape(project))
        .append(", via Herald</p>\n</body></html>\n")
        .toString();
  }

  private static String description(
      String lead, String when, String code, boolean recorded, Links links) {
    StringBuilder out = new StringBuilder(lead);
    if (when != null) {
      out.append("\nWhen: ").append(when);
    }
    out.append("\nJoin code: ").append(code);
    if (recorded) {
      out.append("\n\n").append(RECORDING_NOTICE);
    }
    if (links != null) {
      out.append("\n\nAccept: ")
          .append(links.accept())
          .append("\nDecline: ")
          .append(links.decline());
    }
    return out.toString();
  }

  private static String escape(String text) {
    return HtmlUtils.htmlEscape(text, "UTF-8");
  }
}
