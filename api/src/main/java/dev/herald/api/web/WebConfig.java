package dev.herald.api.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** WebFlux settings shared by every endpoint. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebFluxConfigurer {

  @Override
  public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
    configurer.addCustomResolver(new CallerResolver());
  }

  @Bean
  CodecCustomizer bodySizeLimit(ApiProperties properties) {
    int limit = (int) properties.maxBodySize().toBytes();
    return configurer -> configurer.defaultCodecs().maxInMemorySize(limit);
  }
}
