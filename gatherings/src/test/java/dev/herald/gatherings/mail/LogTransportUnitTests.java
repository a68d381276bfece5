package dev.herald.gatherings.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** With no SMTP server configured, an invitation email is written to the log. */
@ExtendWith(OutputCaptureExtension.class)
class LogTransportUnitTests {

  @Test
  void send_writesTheHeadersAndThePlainTextToTheLog(CapturedOutput output) throws Exception {
    LogTransport transport = new LogTransport();
    MimeMessage message = transport.newMessage();
    InvitationMessage.fill(
        message,
        new InternetAddress("Herald <herald@localhost>"),
        new InvitationContent(
            new CalendarInvite.Mailbox("Ann", "ann@example.com"),
            "Invitation: Standup",
            "Acme invites you to \"Standup\".\r\nAccept: http://localhost/accept\r\n",
            "<p>html</p>",
            "description"),
        null,
        "<iem_1@localhost>",
        Instant.parse("2026-06-01T10:00:00Z"));

    transport.send(message);

    assertThat(output)
        .contains("Invitation email (no SMTP server configured)")
        .contains("Subject: Invitation: Standup")
        .contains("To: Ann <ann@example.com>")
        .containsIgnoringCase("Message-ID: <iem_1@localhost>")
        .contains("Accept: http://localhost/accept")
        .doesNotContain("<p>html</p>");
  }
}
