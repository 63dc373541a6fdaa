package com.crm.feedback;

import com.crm.contracts.Topics;
import com.crm.support.outbox.CrmTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topic feedback-service owns, and the dead-letter topics of what it consumes, created at start when missing. */
@Configuration(proxyBeanMethods = false)
class FeedbackTopics {

    @Bean
    KafkaAdmin.NewTopics feedbackServiceTopics(CrmTopics topics) {
        return topics.owned(Topics.FEEDBACK);
    }

    @Bean
    KafkaAdmin.NewTopics feedbackServiceDeadLetters(CrmTopics topics) {
        return topics.deadLettersOf(Topics.INTERACTION, Topics.CUSTOMER, Topics.SEGMENTATION, Topics.PURCHASE);
    }
}
