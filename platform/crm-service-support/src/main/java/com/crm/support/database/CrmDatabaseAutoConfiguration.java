package com.crm.support.database;

import com.crm.support.audit.AuditTrail;
import com.crm.support.export.BulkExport;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every database session of a service gets a statement timeout ({@code crm.datasource.statement-timeout}, default
 * 30 s; {@code 0} turns it off): a runaway query is cancelled by PostgreSQL instead of holding a connection and its
 * locks. It is the PostgreSQL {@code options} connection parameter ({@code -c statement_timeout=…}), so it holds
 * from the session's first statement on; a data source that sets {@code options} itself keeps its own. Paths that
 * legitimately run longer (full recomputes, scans) raise it for their own transaction with
 * {@link StatementTimeout#extend}; so does a Flyway migration that rewrites a large table, with
 * {@code SET LOCAL statement_timeout = 0} as its first statement (each PostgreSQL migration is one transaction).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "com.crm.support.outbox.CrmOutboxAutoConfiguration"
        })
@ConditionalOnClass(HikariDataSource.class)
public class CrmDatabaseAutoConfiguration {

    public static final String PROPERTY = "crm.datasource.statement-timeout";
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    @Bean
    static BeanPostProcessor crmStatementTimeout(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari) {
                    Duration timeout = environment.getProperty(PROPERTY, Duration.class, DEFAULT);
                    apply(hikari, timeout);
                }
                return bean;
            }
        };
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnMissingBean
    StatementTimeout statementTimeout(DataSource dataSource, Environment environment) {
        return new StatementTimeout(
                JdbcClient.create(dataSource),
                environment.getProperty(StatementTimeout.BATCH_PROPERTY, Duration.class, Duration.ofMinutes(30)));
    }

    /** Bulk exports where the PostgreSQL driver is there (every service with a database). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.postgresql.PGConnection")
    static class Exports {

        @Bean
        @ConditionalOnBean({DataSource.class, AuditTrail.class, PlatformTransactionManager.class})
        @ConditionalOnMissingBean
        BulkExport bulkExport(
                DataSource dataSource,
                Environment environment,
                AuditTrail audit,
                PlatformTransactionManager transactionManager) {
            return new BulkExport(
                    dataSource,
                    environment.getProperty(StatementTimeout.BATCH_PROPERTY, Duration.class, Duration.ofMinutes(30)),
                    audit,
                    new TransactionTemplate(transactionManager),
                    environment.getProperty(BulkExport.PARALLEL_WORKERS_PROPERTY, Integer.class, 2),
                    environment.getProperty(BulkExport.WORK_MEM_PROPERTY, Integer.class, 64));
        }
    }

    static void apply(HikariDataSource hikari, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            return;
        }
        String url = hikari.getJdbcUrl();
        boolean own =
                hikari.getDataSourceProperties().containsKey("options") || (url != null && url.contains("options="));
        if (!own && (url == null || url.startsWith("jdbc:postgresql:"))) {
            hikari.addDataSourceProperty("options", "-c statement_timeout=" + timeout.toMillis());
        }
    }
}
