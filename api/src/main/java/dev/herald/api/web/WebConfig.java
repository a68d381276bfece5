package dev.herald.api.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import tools.jackson.databind.DeserializationFeature;

/** WebFlux settings shared by every endpoint. */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebFluxConfigurer {

  @Override
  public void addFormatters(FormatterRegistry registry) {
    registry.addConverter(new CheckedParameters());
  }

  /** Every JSON body is read under {@link JsonInputModule}; floats are not integers. */
  @Bean
  JsonMapperBuilderCustomizer jsonInput() {
    return builder ->
        builder
            .addModule(new JsonInputModule())
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
  }

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
