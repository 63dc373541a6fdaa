package com.crm.tokenissuer.audit;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit of people and teams: to Kafka when {@code crm.token-issuer.audit.bootstrap-servers} is set (by default
 * {@code spring.kafka.bootstrap-servers}, which the local stack passes, or {@code KAFKA_BOOTSTRAP_SERVERS}), else to
 * the log only.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean(destroyMethod = "close")
    PeopleAudit peopleAudit(
            @Value("${crm.token-issuer.audit.bootstrap-servers:}") String bootstrapServers,
            @Value("${crm.token-issuer.audit.timeout:10s}") Duration timeout) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            log.info("No Kafka configured (crm.token-issuer.audit.bootstrap-servers): changes to people and teams "
                    + "are audited in this log only, not in the platform's audit log");
            return PeopleAudit.toLogOnly();
        }
        log.info("Changes to people and teams are audited on crm.audit.v1 at {}", bootstrapServers);
        return PeopleAudit.toKafka(bootstrapServers, timeout);
    }
}
