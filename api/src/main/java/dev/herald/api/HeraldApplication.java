package dev.herald.api;

import dev.herald.web.EventLoops;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts Herald: the /v1 API, the event log and its live stream, on one PostgreSQL. */
@SpringBootApplication(scanBasePackages = "dev.herald")
@ConfigurationPropertiesScan("dev.herald")
public class HeraldApplication {

  public static void main(String[] args) {
    EventLoops.sizeByCores();
    SpringApplication.run(HeraldApplication.class, args);
  }
}
