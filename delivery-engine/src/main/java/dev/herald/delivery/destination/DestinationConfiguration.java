package dev.herald.delivery.destination;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The host resolver of webhook destinations; a {@code @Primary} bean replaces it (tests do). */
@Configuration(proxyBeanMethods = false)
class DestinationConfiguration {

  @Bean
  HostResolver systemHostResolver() {
    return HostResolver.system();
  }
}
