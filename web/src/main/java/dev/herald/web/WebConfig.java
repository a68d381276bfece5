package dev.herald.web;

import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

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

  /** Requests Netty cannot decode are answered with problem+json too (see DecodingFailures). */
  @Bean
  NettyServerCustomizer decodingFailures(JsonMapper json) {
    return server ->
        server.doOnChannelInit(
            (observer, channel, remoteAddress) -> {
              var pipeline = channel.pipeline();
              if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
                pipeline.addBefore(
                    NettyPipeline.HttpTrafficHandler,
                    DecodingFailures.NAME,
                    new DecodingFailures(json));
              }
            });
  }

  @Bean
  CodecCustomizer bodySizeLimit(ApiProperties properties) {
    int limit = (int) properties.maxBodySize().toBytes();
    return configurer -> configurer.defaultCodecs().maxInMemorySize(limit);
  }
}
