package dev.herald.gatherings.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Chooses where invitation emails go: Spring Boot's {@link JavaMailSender} when {@code
 * spring.mail.host} is set, the log otherwise (said once at start).
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

  private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

  @Bean
  MailTransport invitationMailTransport(ObjectProvider<JavaMailSender> smtp) {
    JavaMailSender sender = smtp.getIfAvailable();
    if (sender == null) {
      log.info(
          "No SMTP server configured (spring.mail.host): invitation emails are written to the"
              + " log");
      return new LogTransport();
    }
    log.info("Invitation emails are sent over SMTP (spring.mail.*)");
    return new SmtpTransport(sender);
  }
}
