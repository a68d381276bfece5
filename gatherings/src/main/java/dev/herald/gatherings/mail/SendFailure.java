package dev.herald.gatherings.mail;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.mail.MailSendException;

/**
 * Why an email could not be sent, and whether trying again can help: a 5xx reply of the SMTP server
 * (a recipient it refuses, a message it rejects) is permanent; a 4xx reply, a refused, dropped or
 * timed-out connection and anything unknown are transient.
 *
 * @param permanent whether the server refused for good
 * @param error what happened, for the invitation's {@code emailError} (at most 500 characters)
 */
record SendFailure(boolean permanent, String error) {

  static final int MAX_ERROR = 500;
  private static final Pattern REPLY = Pattern.compile("^\\s*([45])\\d\\d[ -]");

  static SendFailure of(Throwable failure) {
    List<Throwable> all = causes(failure);
    for (Throwable t : all) {
      if (t instanceof MessagingException && t.getMessage() != null) {
        Matcher reply = REPLY.matcher(own(t));
        if (reply.find()) {
          return new SendFailure(reply.group(1).equals("5"), trim(own(t)));
        }
      }
    }
    for (Throwable t : all) {
      if (t instanceof SendFailedException refused) {
        Address[] invalid = refused.getInvalidAddresses();
        if (invalid != null && invalid.length > 0) {
          return new SendFailure(true, trim("Refused recipient " + invalid[0]));
        }
      }
    }
    return new SendFailure(false, trim(describe(all)));
  }

  // the most specific Jakarta Mail message (not Spring's wrapper, which names classes) and the
  // root cause's, e.g. "Couldn't connect to host, port: smtp, 25; timeout 10000: Connection
  // refused"
  private static String describe(List<Throwable> all) {
    Throwable best =
        all.stream()
            .filter(
                t -> t instanceof MessagingException && !(t instanceof SmtpTransport.SmtpFailure))
            .filter(t -> t.getMessage() != null)
            .findFirst()
            .orElse(all.get(0));
    Throwable root = all.get(all.size() - 1);
    String what = own(best);
    if (root != best && root.getMessage() != null && !what.contains(own(root))) {
      what = what + ": " + own(root);
    }
    return what;
  }

  // Jakarta Mail appends "; nested exception is: ..." (with class names) to its messages
  private static String own(Throwable t) {
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int nested = message.indexOf(";\n  nested exception is:");
    int plain = nested >= 0 ? nested : message.indexOf("; nested exception is:");
    return plain >= 0 ? message.substring(0, plain) : message;
  }

  // the failure, its causes, the next exceptions of Jakarta Mail, each failed message's exception
  private static List<Throwable> causes(Throwable failure) {
    List<Throwable> out = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> pending = new ArrayDeque<>();
    pending.add(failure);
    while (!pending.isEmpty()) {
      Throwable t = pending.poll();
      if (!seen.add(t)) {
        continue;
      }
      out.add(t);
      if (t instanceof MailSendException send) {
        pending.addAll(List.of(send.getMessageExceptions()));
      }
      if (t instanceof MessagingException messaging && messaging.getNextException() != null) {
        pending.add(messaging.getNextException());
      }
      if (t.getCause() != null) {
        pending.add(t.getCause());
      }
    }
    return out;
  }

  private static String trim(String error) {
    String oneLine = error.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    return oneLine.length() <= MAX_ERROR ? oneLine : oneLine.substring(0, MAX_ERROR);
  }
}
