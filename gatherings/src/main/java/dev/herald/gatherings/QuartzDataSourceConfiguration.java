package dev.herald.gatherings;

import com.zaxxer.hikari.HikariDataSource;
import dev.herald.storage.database.DatabaseProperties;
import org.springframework.boot.quartz.autoconfigure.QuartzDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The one JDBC connection pool, for Quartz's job store only: with R2DBC Spring Boot makes no
 * DataSource, so this one is built from the Flyway connection settings that {@code
 * DatabaseEnvironmentPostProcessor} sets. Nothing on a request path uses it.
 */
@Configuration(proxyBeanMethods = false)
class QuartzDataSourceConfiguration {

  @Bean
  @QuartzDataSource
  HikariDataSource quartzDataSource(Environment environment, DatabaseProperties database) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setPoolName("quartz");
    dataSource.setJdbcUrl(environment.getRequiredProperty("spring.flyway.url"));
    dataSource.setUsername(environment.getProperty("spring.flyway.user"));
    dataSource.setPassword(environment.getProperty("spring.flyway.password"));
    dataSource.setMaximumPoolSize(
        environment.getProperty("herald.gatherings.quartz-pool-size", Integer.class, 4));
    // bounded waits, as on the R2DBC side (herald.database.*): a frozen or stopped database fails
    // Quartz's calls after these, and Quartz retries them itself
    dataSource.setConnectionTimeout(database.acquireTimeout().toMillis());
    dataSource.addDataSourceProperty(
        "connectTimeout", DatabaseProperties.jdbcSeconds(database.connectTimeout()));
    dataSource.addDataSourceProperty(
        "loginTimeout", DatabaseProperties.jdbcSeconds(database.connectTimeout()));
    dataSource.addDataSourceProperty(
        "socketTimeout", DatabaseProperties.jdbcSeconds(database.answerTimeout()));
    dataSource.addDataSourceProperty("tcpKeepAlive", "true");
    dataSource.addDataSourceProperty(
        "options", "-c statement_timeout=" + database.statementTimeout().toMillis());
    return dataSource;
  }
}
