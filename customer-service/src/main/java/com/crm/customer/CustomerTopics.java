package com.crm.customer;

import com.crm.contracts.Topics;
import com.crm.support.outbox.CrmTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topics customer-service owns, created at start when missing. */
@Configuration(proxyBeanMethods = false)
class CustomerTopics {

    @Bean
    KafkaAdmin.NewTopics customerServiceTopics(CrmTopics topics) {
        return topics.owned(Topics.CUSTOMER, Topics.PURCHASE);
    }

    /** customer-service keeps the audit log: it consumes crm.audit.v1 (created by the platform) and parks there. */
    @Bean
    KafkaAdmin.NewTopics customerServiceAuditDeadLetters(CrmTopics topics) {
        return topics.deadLettersOf(Topics.AUDIT);
    }

    /** The overview's loyalty section consumes crm.loyalty.v1 (owned by loyalty-service) and parks there. */
    @Bean
    KafkaAdmin.NewTopics customerServiceLoyaltyDeadLetters(CrmTopics topics) {
        return topics.deadLettersOf(Topics.LOYALTY);
    }
}
