package com.crm.segmentation;

import com.crm.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topic segmentation-service owns, and the dead-letter topics of what it consumes, created when missing. */
@Configuration(proxyBeanMethods = false)
class SegmentationTopics {

    @Bean
    NewTopic segmentationTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.SEGMENTATION).partitions(Topics.DEFAULT_PARTITIONS).replicas(replicas).build();
    }

    @Bean
    NewTopic customerDeadLetterTopicForSegmentation(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.CUSTOMER)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }

    @Bean
    NewTopic purchaseDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.PURCHASE)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }

    @Bean
    NewTopic feedbackDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.FEEDBACK)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }

    @Bean
    NewTopic interactionDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.INTERACTION)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }
}
