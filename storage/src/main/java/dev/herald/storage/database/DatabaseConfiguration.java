package dev.herald.storage.database;

import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Bounds every wait on the database ({@link DatabaseProperties}): the connect timeout and the
 * server's {@code statement_timeout} on each connection, TCP keep-alive so a vanished peer is
 * noticed, and client-side limits on taking a connection from the pool and on every answer ({@link
 * BoundedConnectionFactory}). The pool's own limits on creating and validating a connection ({@code
 * spring.r2dbc.pool.max-create-connection-time}, ...) are set from the same properties by {@link
 * DatabaseEnvironmentPostProcessor}; its acquire limit stays off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

  @Bean
  ConnectionFactoryOptionsBuilderCustomizer databaseTimeouts(DatabaseProperties database) {
    return options ->
        options
            .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, database.connectTimeout())
            .option(ConnectionFactoryOptions.STATEMENT_TIMEOUT, database.statementTimeout())
            .option(PostgresqlConnectionFactoryProvider.TCP_KEEPALIVE, true);
  }

  /** Wraps the application's connection factory (the pool) in the client-side limit. */
  @Bean
  static BeanPostProcessor boundedConnections(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ConnectionFactory factory
            && !(bean instanceof BoundedConnectionFactory)) {
          DatabaseProperties database =
              Binder.get(environment).bindOrCreate("herald.database", DatabaseProperties.class);
          return new BoundedConnectionFactory(
              factory, database.acquireTimeout(), database.answerTimeout());
        }
        return bean;
      }
    };
  }

  @Bean
  DatabaseOutage databaseOutage(ConnectionFactory connections, DatabaseProperties database) {
    return new DatabaseOutage(connections, database.healthTimeout());
  }
}
