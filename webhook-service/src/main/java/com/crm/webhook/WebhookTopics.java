package com.crm.webhook;

import com.crm.contracts.Topics;
import com.crm.support.outbox.CrmTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** webhook-service owns no topic; it consumes all of them, so it declares their dead-letter topics. */
@Configuration(proxyBeanMethods = false)
class WebhookTopics {

    @Bean
    KafkaAdmin.NewTopics webhookServiceDeadLetters(CrmTopics topics) {
        return topics.deadLettersOf(
                Topics.CUSTOMER,
                Topics.PURCHASE,
                Topics.INTERACTION,
                Topics.SEGMENTATION,
                Topics.FEEDBACK,
                Topics.LOYALTY);
    }
}
