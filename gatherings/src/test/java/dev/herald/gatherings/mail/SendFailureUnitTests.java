package dev.herald.gatherings.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

/** Which SMTP failures are worth another attempt, and what the invitation shows of them. */
class SendFailureUnitTests {

  @Test
  void a5xxAnswer_isPermanent_andShownAsTheServerSaidIt() {
    SendFailure failure =
        SendFailure.of(
            smtp(
                new SendFailedException(
                    "Invalid Addresses",
                    new SendFailedException(
                        "550 5.1.1 <x@example.com>: Recipient address rejected\n"))));

    assertThat(failure.permanent()).isTrue();
    assertThat(failure.error()).isEqualTo("550 5.1.1 <x@example.com>: Recipient address rejected");
  }

  @Test
  void a4xxAnswer_isTransient() {
    SendFailure failure =
        SendFailure.of(smtp(new SendFailedException("451 4.3.0 try again later")));

    assertThat(failure.permanent()).isFalse();
    assertThat(failure.error()).startsWith("451 4.3.0");
  }

  @Test
  void aRefusedOrTimedOutConnection_isTransient_andNamesNoClasses() {
    SendFailure refused =
        SendFailure.of(
            smtp(
                new MessagingException(
                    "Couldn't connect to host, port: smtp.test, 25; timeout 10000",
                    new ConnectException("Connection refused"))));
    SendFailure timedOut =
        SendFailure.of(
            smtp(
                new MessagingException(
                    "Exception reading response", new SocketTimeoutException("Read timed out"))));

    assertThat(refused.permanent()).isFalse();
    assertThat(refused.error())
        .isEqualTo(
            "Couldn't connect to host, port: smtp.test, 25; timeout 10000: Connection refused");
    assertThat(timedOut.permanent()).isFalse();
    assertThat(timedOut.error()).isEqualTo("Exception reading response: Read timed out");
  }

  @Test
  void aLongError_isCutTo500Characters() {
    SendFailure failure = SendFailure.of(new MessagingException("x".repeat(2000)));

    assertThat(failure.error()).hasSize(SendFailure.MAX_ERROR);
  }

  // as Spring's JavaMailSender reports a failed message
  private static SmtpTransport.SmtpFailure smtp(Exception cause) {
    return new SmtpTransport.SmtpFailure(new MailSendException(Map.of(new Object(), cause)));
  }
}
