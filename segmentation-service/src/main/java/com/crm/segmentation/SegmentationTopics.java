package com.crm.segmentation;

import com.crm.contracts.Topics;
import com.crm.support.outbox.CrmTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The topic segmentation-service owns, and the dead-letter topics of what it consumes, created when missing. */
@Configuration(proxyBeanMethods = false)
class SegmentationTopics {

    @Bean
    KafkaAdmin.NewTopics segmentationServiceTopics(CrmTopics topics) {
        return topics.owned(Topics.SEGMENTATION);
    }

    @Bean
    KafkaAdmin.NewTopics segmentationServiceDeadLetters(CrmTopics topics) {
        return topics.deadLettersOf(Topics.CUSTOMER, Topics.PURCHASE, Topics.FEEDBACK, Topics.INTERACTION);
    }
}
