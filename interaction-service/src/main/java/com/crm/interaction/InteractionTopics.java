package com.crm.interaction;

import com.crm.contracts.Topics;
import com.crm.support.outbox.CrmTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topic interaction-service owns, and the dead-letter topic of what it consumes, created at start when missing. */
@Configuration(proxyBeanMethods = false)
class InteractionTopics {

    @Bean
    KafkaAdmin.NewTopics interactionServiceTopics(CrmTopics topics) {
        return topics.owned(Topics.INTERACTION);
    }

    /** Where the customer projection parks events it cannot apply (see crm-service-support's consumer). */
    @Bean
    KafkaAdmin.NewTopics interactionServiceDeadLetters(CrmTopics topics) {
        return topics.deadLettersOf(Topics.CUSTOMER, Topics.SEGMENTATION, Topics.LOYALTY);
    }
}
