package dev.herald.gatherings.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends over SMTP with Spring's {@link JavaMailSender} ({@code spring.mail.*}), one recipient per
 * message; its failures are unwrapped into the Jakarta Mail exceptions that say what happened.
 */
final class SmtpTransport implements MailTransport {

  private final JavaMailSender sender;

  SmtpTransport(JavaMailSender sender) {
    this.sender = sender;
  }

  @Override
  public MimeMessage newMessage() {
    return sender.createMimeMessage();
  }

  @Override
  public void send(MimeMessage message) throws MessagingException {
    try {
      sender.send(message);
    } catch (MailException e) {
      throw new SmtpFailure(e);
    }
  }

  /** A failure of Spring's mail sender, with its causes (and each failed message's exception). */
  static final class SmtpFailure extends MessagingException {

    private static final long serialVersionUID = 1L;

    SmtpFailure(MailException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
