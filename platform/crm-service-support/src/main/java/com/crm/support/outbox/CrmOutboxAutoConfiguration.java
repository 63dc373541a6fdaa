package com.crm.support.outbox;

import com.crm.contracts.Topics;
import com.crm.contracts.cloudevents.CrmEventCodec;
import com.crm.support.audit.AuditTrail;
import com.crm.support.batch.BatchTransactions;
import com.crm.support.feed.ChangeFeed;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The transactional outbox every service publishes its events through. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@ConditionalOnClass({KafkaTemplate.class, JdbcClient.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "crm.outbox.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
@EnableScheduling
public class CrmOutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    CrmEventCodec crmEventCodec(@Value("${spring.application.name:crm}") String applicationName) {
        return new CrmEventCodec("/crm/" + applicationName);
    }

    @Bean
    EventOutbox eventOutbox(JdbcClient jdbc, DataSource dataSource, CrmEventCodec codec, Clock clock) {
        return new EventOutbox(jdbc, new NamedParameterJdbcTemplate(dataSource), codec, clock);
    }

    /**
     * The relay's own producer: raw CloudEvent bytes, acks from all replicas, idempotent, and short blocking
     * timeouts so a round gives up quickly when the broker is away (the events simply wait for the next round).
     */
    @Bean
    KafkaTemplate<String, byte[]> outboxKafkaTemplate(KafkaProperties kafkaProperties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 12_000);
        // a relay round sends hundreds of small JSON events at once: larger, compressed batches per partition
        // carry them in fewer requests (spring.kafka.producer.* still overrides these)
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.putAll(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    @ConditionalOnMissingBean
    CrmTopics crmTopics(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return new CrmTopics(replicas);
    }

    @Bean
    @ConditionalOnMissingBean
    BatchTransactions batchTransactions(PlatformTransactionManager transactionManager) {
        return new BatchTransactions(transactionManager);
    }

    @Bean
    @ConditionalOnMissingBean
    AuditTrail auditTrail(
            EventOutbox outbox, Clock clock, @Value("${spring.application.name:crm}") String applicationName) {
        return new AuditTrail(outbox, clock, applicationName);
    }

    /** Every service may record audit entries: the audit topic exists wherever one is written. */
    @Bean
    KafkaAdmin.NewTopics crmAuditTopic(CrmTopics topics) {
        return topics.owned(Topics.AUDIT);
    }

    @Bean
    ChangeFeed changeFeed(JdbcClient jdbc) {
        return new ChangeFeed(jdbc);
    }

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> outboxKafkaTemplate,
            OutboxProperties properties) {
        return new OutboxRelay(jdbc, transactions, outboxKafkaTemplate, properties);
    }

    /**
     * The platform's own tables (the outbox) are migrated from {@code db/support} with their own history
     * table, before the service's migrations, so platform and service versions never collide.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Flyway.class)
    static class SupportMigrations {

        static final String HISTORY_TABLE = "crm_support_schema_history";

        @Bean
        @ConditionalOnMissingBean
        FlywayMigrationStrategy crmSupportFirstMigrationStrategy() {
            return flyway -> {
                Flyway.configure(flyway.getConfiguration().getClassLoader())
                        .dataSource(flyway.getConfiguration().getDataSource())
                        .schemas(flyway.getConfiguration().getSchemas())
                        .locations("classpath:db/support")
                        .table(HISTORY_TABLE)
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        // platform tables are independent of each other: a migration added on a branch may land
                        // after a later-numbered one without blocking start-up
                        .outOfOrder(true)
                        .load()
                        .migrate();
                flyway.migrate();
            };
        }

        /** The service's schema already holds the platform's tables when its own history starts. */
        @Bean
        FlywayConfigurationCustomizer crmServiceBaseline() {
            return configuration -> configuration.baselineOnMigrate(true).baselineVersion("0");
        }
    }
}
