package com.crm.support.consumer;

import com.crm.contracts.Topics;
import com.crm.support.outbox.CrmOutboxAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Idempotent CloudEvents consumers: a listener container factory for {@code byte[]} CloudEvents
 * ({@value #CONTAINER_FACTORY}), retry with exponential back-off, then the message is parked on
 * {@code <topic>.dlt} with the error in its headers ({@code kafka_dlt-exception-*}); and
 * {@link IdempotentEventProcessor}, which applies each event once in the transaction of its effect.
 */
@AutoConfiguration(
        after = CrmOutboxAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@ConditionalOnClass({KafkaTemplate.class, JdbcClient.class})
@ConditionalOnBean(value = DataSource.class, name = "outboxKafkaTemplate")
@ConditionalOnProperty(name = "crm.consumer.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ConsumerProperties.class)
@EnableKafka
public class CrmConsumerAutoConfiguration {

    /** Name of the listener container factory to put in {@code @KafkaListener(containerFactory = ...)}. */
    public static final String CONTAINER_FACTORY = "crmEventListenerContainerFactory";

    /**
     * The factory of batch listeners ({@code List<ConsumerRecord<String, byte[]>>}), whose batches
     * {@link IdempotentEventProcessor#processBatch} applies in one transaction each.
     */
    public static final String BATCH_CONTAINER_FACTORY = "crmEventBatchListenerContainerFactory";

    @Bean
    @ConditionalOnMissingBean
    IdempotentEventProcessor idempotentEventProcessor(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ConsumerProperties properties,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<Clock> clock) {
        return new IdempotentEventProcessor(
                jdbc,
                transactions,
                properties.retention(),
                meters.getIfAvailable(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * Not a bean on purpose: Boot would apply a {@code CommonErrorHandler} bean to its own (String) listener factory
     * too, where this byte[] dead-letter publisher does not fit.
     */
    static DefaultErrorHandler errorHandler(
            KafkaTemplate<String, byte[]> template, ConsumerProperties properties, MeterRegistry meters) {
        var recoverer = new DeadLetterPublishingRecoverer(
                template, (record, failure) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        var backOff = new ExponentialBackOffWithMaxRetries(properties.maxRetries());
        backOff.setInitialInterval(properties.initialInterval().toMillis());
        backOff.setMultiplier(properties.multiplier());
        backOff.setMaxInterval(properties.maxInterval().toMillis());
        // park with the listener's own error in the headers, not the container's wrapper around it
        var handler = new DefaultErrorHandler(
                (record, failure) -> {
                    recoverer.accept(record, listenersOwn(failure));
                    if (meters != null) {
                        // crm_dead_letters_total: every parked event needs a person, so ops alert on any increase
                        meters.counter("crm.dead.letters", "topic", record.topic())
                                .increment();
                    }
                },
                backOff);
        handler.addNotRetryableExceptions(PoisonEventException.class);
        return handler;
    }

    /** The listener's own error inside the container's wrappers (and a batch listener's pointer to its record). */
    static Exception listenersOwn(Exception failure) {
        Exception own = failure;
        while ((own instanceof ListenerExecutionFailedException || own instanceof BatchListenerFailedException)
                && own.getCause() instanceof Exception cause) {
            own = cause;
        }
        return own;
    }

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> crmEventListenerContainerFactory(
            KafkaProperties kafkaProperties,
            ConsumerProperties properties,
            @Qualifier("outboxKafkaTemplate") KafkaTemplate<String, byte[]> outboxKafkaTemplate,
            @Value("${spring.application.name:crm}") String applicationName,
            ObjectProvider<MeterRegistry> meters) {
        var factory = factory(kafkaProperties, properties, outboxKafkaTemplate, applicationName, meters, Map.of());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        return factory;
    }

    @Bean(BATCH_CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> crmEventBatchListenerContainerFactory(
            KafkaProperties kafkaProperties,
            ConsumerProperties properties,
            @Qualifier("outboxKafkaTemplate") KafkaTemplate<String, byte[]> outboxKafkaTemplate,
            @Value("${spring.application.name:crm}") String applicationName,
            ObjectProvider<MeterRegistry> meters) {
        var factory = factory(
                kafkaProperties,
                properties,
                outboxKafkaTemplate,
                applicationName,
                meters,
                Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxBatchSize()));
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        return factory;
    }

    private static ConcurrentKafkaListenerContainerFactory<String, byte[]> factory(
            KafkaProperties kafkaProperties,
            ConsumerProperties properties,
            KafkaTemplate<String, byte[]> outboxKafkaTemplate,
            String applicationName,
            ObjectProvider<MeterRegistry> meters,
            Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildConsumerProperties());
        config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, applicationName);
        // a new consumer group reads the topic from its beginning: projections need every event
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.putAll(overrides);
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        var consumerFactory = new DefaultKafkaConsumerFactory<String, byte[]>(config);
        // Kafka client metrics, among them the consumer lag (kafka_consumer_fetch_manager_records_lag*)
        meters.ifAvailable(registry -> consumerFactory.addListener(new MicrometerConsumerListener<>(registry)));
        factory.setConsumerFactory(consumerFactory);
        factory.setCommonErrorHandler(errorHandler(outboxKafkaTemplate, properties, meters.getIfAvailable()));
        factory.setConcurrency(properties.concurrency());
        return factory;
    }
}
