package dev.herald.gatherings.mail;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/**
 * Assembles an invitation email for one recipient: {@code multipart/mixed} holding {@code
 * multipart/alternative} (text/plain, text/html and, for appointments, the iMIP {@code
 * text/calendar; method=…} part, where Outlook and Gmail look for it) and, for appointments, the
 * same calendar as an {@code invite.ics} attachment (for clients that only offer attachments).
 */
final class InvitationMessage {

  static final String ATTACHMENT_NAME = "invite.ics";

  private InvitationMessage() {}

  /**
   * Fills {@code message} (created by the transport) with the content.
   *
   * @param messageId the Message-ID, stable across retries of the same email
   */
  static MimeMessage fill(
      MimeMessage message,
      InternetAddress from,
      InvitationContent content,
      CalendarInvite calendar,
      String messageId,
      Instant now)
      throws MessagingException {
    message.setFrom(from);
    message.setRecipient(MimeMessage.RecipientType.TO, address(content.recipient()));
    message.setSubject(content.subject(), StandardCharsets.UTF_8.name());
    message.setSentDate(Date.from(now));
    message.setHeader("Message-ID", messageId);

    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(content.text(), StandardCharsets.UTF_8.name(), "plain");
    alternative.addBodyPart(text);
    MimeBodyPart html = new MimeBodyPart();
    html.setText(content.html(), StandardCharsets.UTF_8.name(), "html");
    alternative.addBodyPart(html);

    MimeMultipart mixed = new MimeMultipart("mixed");
    MimeBodyPart body = new MimeBodyPart();
    body.setContent(alternative);
    mixed.addBodyPart(body);
    if (calendar != null) {
      byte[] ics = calendar.render().getBytes(StandardCharsets.UTF_8);
      MimeBodyPart inline = new MimeBodyPart();
      String type = "text/calendar; method=" + calendar.method() + "; charset=UTF-8";
      inline.setDataHandler(new DataHandler(new ByteArrayDataSource(ics, type)));
      inline.setHeader("Content-Type", type);
      alternative.addBodyPart(inline);

      MimeBodyPart attachment = new MimeBodyPart();
      String attachmentType = "application/ics; name=\"" + ATTACHMENT_NAME + "\"";
      attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(ics, attachmentType)));
      attachment.setHeader("Content-Type", attachmentType);
      attachment.setDisposition(Part.ATTACHMENT);
      attachment.setFileName(ATTACHMENT_NAME);
      mixed.addBodyPart(attachment);
    }
    message.setContent(mixed);
    return message;
  }

  private static InternetAddress address(CalendarInvite.Mailbox mailbox) throws MessagingException {
    try {
      InternetAddress address =
          new InternetAddress(mailbox.email(), mailbox.name(), StandardCharsets.UTF_8.name());
      address.validate();
      return address;
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
