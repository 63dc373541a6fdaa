package com.crm.feedback;

import com.crm.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topic feedback-service owns, and the dead-letter topic of what it consumes, created at start when missing. */
@Configuration(proxyBeanMethods = false)
class FeedbackTopics {

    @Bean
    NewTopic feedbackTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.FEEDBACK).partitions(Topics.DEFAULT_PARTITIONS).replicas(replicas).build();
    }

    @Bean
    NewTopic interactionDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.INTERACTION)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }

    @Bean
    NewTopic customerDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.CUSTOMER)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }

    @Bean
    NewTopic segmentationDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.SEGMENTATION)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }

    @Bean
    NewTopic purchaseDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.PURCHASE)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }
}
