package com.crm.customer;

import com.crm.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The topics customer-service owns, created at start when missing. */
@Configuration(proxyBeanMethods = false)
class CustomerTopics {

    @Bean
    NewTopic customerTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.CUSTOMER).partitions(Topics.DEFAULT_PARTITIONS).replicas(replicas).build();
    }

    @Bean
    NewTopic purchaseTopic(@Value("${crm.kafka.replication-factor:1}") int replicas) {
        return TopicBuilder.name(Topics.PURCHASE).partitions(Topics.DEFAULT_PARTITIONS).replicas(replicas).build();
    }
}
