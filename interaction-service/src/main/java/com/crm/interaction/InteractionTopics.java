package com.crm.interaction;

import com.crm.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics interaction-service owns, and its dead-letter topic, created at start when missing. */
@Configuration(proxyBeanMethods = false)
class InteractionTopics {

    @Bean
    NewTopic interactionTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.INTERACTION).partitions(Topics.DEFAULT_PARTITIONS).replicas(replicas).build();
    }

    /** Where the customer projection parks events it cannot apply (see crm-service-support's consumer). */
    @Bean
    NewTopic customerDeadLetterTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.deadLetter(Topics.CUSTOMER)).partitions(Topics.DEFAULT_PARTITIONS)
                .replicas(replicas).build();
    }
}
