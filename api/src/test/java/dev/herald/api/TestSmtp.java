package dev.herald.api;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real SMTP server for tests (GreenMail) on a loopback port, which can refuse chosen recipients
 * with {@code 550} at {@code RCPT TO} as a real server refuses an unknown mailbox.
 */
public final class TestSmtp extends GreenMail {

  private static TestSmtp shared;

  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  /** A server for {@code port}; 0 picks a free one when started. */
  public TestSmtp(int port) {
    super(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
  }

  /** The server of the shared test context, started on first use. */
  public static synchronized TestSmtp shared() {
    if (shared == null) {
      shared = new TestSmtp(0);
      shared.start();
    }
    return shared;
  }

  @Override
  public synchronized void start() {
    // GreenMail builds its servers from `managers` on start: put in one whose SMTP side refuses
    managers = new RefusingManagers(refused);
    super.start();
  }

  public int port() {
    return getSmtp().getPort();
  }

  /** From now on, RCPT TO this address gets {@code 550 5.1.1}. */
  public void refuse(String address) {
    refused.add(address.toLowerCase(Locale.ROOT));
  }

  public void accept(String address) {
    refused.remove(address.toLowerCase(Locale.ROOT));
  }

  /** The messages received for this address, oldest first. */
  public List<MimeMessage> messagesTo(String address) {
    List<MimeMessage> found = new ArrayList<>();
    for (MimeMessage message : getReceivedMessages()) {
      try {
        Address[] to = message.getAllRecipients();
        if (to != null) {
          for (Address a : to) {
            if (a instanceof InternetAddress ia && ia.getAddress().equalsIgnoreCase(address)) {
              found.add(message);
            }
          }
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return found;
  }

  private static final class RefusingManagers extends Managers {

    private final SmtpManager smtp;

    RefusingManagers(Set<String> refused) {
      smtp =
          new SmtpManager(getImapHostManager(), getUserManager()) {
            @Override
            public String checkRecipient(SmtpState state, MailAddress recipient) {
              return refused.contains(recipient.getEmail().toLowerCase(Locale.ROOT))
                  ? "550 5.1.1 <" + recipient.getEmail() + ">: Recipient address rejected"
                  : null;
            }
          };
    }

    @Override
    public SmtpManager getSmtpManager() {
      return smtp;
    }
  }
}
