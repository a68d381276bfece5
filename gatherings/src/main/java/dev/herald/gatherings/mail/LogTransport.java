package dev.herald.gatherings.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With no SMTP server configured ({@code spring.mail.host} unset), invitation emails are written to
 * the log (headers and the plain text) and count as sent.
 */
final class LogTransport implements MailTransport {

  private static final Logger log = LoggerFactory.getLogger(LogTransport.class);

  private final Session session = Session.getInstance(new Properties());

  @Override
  public MimeMessage newMessage() {
    return new MimeMessage(session);
  }

  @Override
  public void send(MimeMessage message) throws MessagingException {
    String messageId = message.getMessageID();
    message.saveChanges();
    message.setHeader("Message-ID", messageId);
    StringBuilder out = new StringBuilder("Invitation email (no SMTP server configured):\n");
    for (Enumeration<Header> headers = message.getAllHeaders(); headers.hasMoreElements(); ) {
      Header header = headers.nextElement();
      out.append(header.getName()).append(": ").append(header.getValue()).append('\n');
    }
    try {
      out.append('\n').append(plainText(message.getContent()));
    } catch (IOException e) {
      throw new MessagingException("could not read the message back", e);
    }
    log.info("{}", out);
  }

  private static String plainText(Object content) throws MessagingException, IOException {
    if (content instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart part = multipart.getBodyPart(i);
        if (part.isMimeType("text/plain")) {
          return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
          String text = plainText(part.getContent());
          if (!text.isEmpty()) {
            return text;
          }
        }
      }
      return "";
    }
    return String.valueOf(content);
  }
}
