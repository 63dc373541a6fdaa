package com.crm.support.observability;

import com.crm.support.outbox.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Health of Kafka and the outbox backlog gauge, for services that have them. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "com.crm.support.outbox.CrmOutboxAutoConfiguration"
        })
public class CrmObservabilityAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({KafkaProperties.class, HealthIndicator.class})
    @ConditionalOnBean(KafkaProperties.class)
    static class KafkaHealth {

        /** Contributor name {@code kafka}: in the {@code dependencies} health group. */
        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaHealthIndicator kafkaHealthIndicator(
                KafkaProperties properties, @Value("${crm.observability.kafka-health-timeout:3s}") Duration timeout) {
            return new KafkaHealthIndicator(properties.buildAdminProperties(), timeout);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterBinder.class, OutboxRelay.class})
    @ConditionalOnBean(OutboxRelay.class)
    static class OutboxMetrics {

        /** {@code crm_outbox_pending}: events stored but not yet acknowledged by Kafka (grows while Kafka is away). */
        @Bean
        MeterBinder crmOutboxMetrics(OutboxRelay relay) {
            return registry -> Gauge.builder("crm.outbox.pending", relay, CrmObservabilityAutoConfiguration::pending)
                    .description("Outbox events not yet acknowledged by the Kafka broker")
                    .register(registry);
        }
    }

    static double pending(OutboxRelay relay) {
        try {
            return relay.pending();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
