package com.crm.feedback.invitation;

import com.crm.contracts.Topics;
import com.crm.contracts.events.interaction.InteractionRecorded;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Post-contact surveys: {@code crm.interaction.recorded} events matched against the invitation rules, once each. */
@Component
class InteractionEventsConsumer {

    static final String CONSUMER = "feedback-post-contact-invitations";

    private final IdempotentEventProcessor processor;
    private final CrmEventHandlers handlers;

    InteractionEventsConsumer(IdempotentEventProcessor processor, InvitationRuleService rules) {
        this.processor = processor;
        this.handlers = CrmEventHandlers.builder()
                .on(InteractionRecorded.class, rules::onInteraction)
                .build();
    }

    @KafkaListener(topics = Topics.INTERACTION, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }
}
