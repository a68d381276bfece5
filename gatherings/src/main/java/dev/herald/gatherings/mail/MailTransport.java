package dev.herald.gatherings.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Where invitation emails go: an SMTP server, or the log when none is configured. Sending blocks,
 * so callers run it on the mail worker's own threads.
 */
interface MailTransport {

  /** A new, empty message for this transport. */
  MimeMessage newMessage();

  /** Sends one message; throws what the server answered or why it could not be reached. */
  void send(MimeMessage message) throws MessagingException;
}
