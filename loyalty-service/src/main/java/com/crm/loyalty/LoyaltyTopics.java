package com.crm.loyalty;

import com.crm.contracts.Topics;
import com.crm.support.outbox.CrmTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topic loyalty-service owns, and the dead-letter topics of what it consumes, created when missing. */
@Configuration(proxyBeanMethods = false)
class LoyaltyTopics {

    @Bean
    KafkaAdmin.NewTopics loyaltyServiceTopics(CrmTopics topics) {
        return topics.owned(Topics.LOYALTY);
    }

    @Bean
    KafkaAdmin.NewTopics loyaltyServiceDeadLetters(CrmTopics topics) {
        return topics.deadLettersOf(Topics.CUSTOMER, Topics.PURCHASE, Topics.FEEDBACK);
    }
}
