package com.crm.feedback.customer;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What feedback-service does about customers (crm.customer.v1): a merge moves responses, invitations, complaints
 * and purchases to the survivor; erasure purges free text (TEXT answers, complaint descriptions and resolutions)
 * and withdraws unsent invitations, keeping scores and counts as anonymous aggregates; a deleted customer gets no
 * more invitations. Each event applies once.
 */
@Component
class CustomerEventsConsumer {

    static final String CONSUMER = "feedback-customer-lifecycle";
    static final String ERASED = "[erased]";

    private final IdempotentEventProcessor processor;
    private final CustomerDataRepository customers;
    private final CrmEventHandlers handlers;

    CustomerEventsConsumer(IdempotentEventProcessor processor, CustomerDataRepository customers) {
        this.processor = processor;
        this.customers = customers;
        this.handlers = CrmEventHandlers.builder()
                .on(CustomerMerged.class, this::merged)
                .on(CustomerErased.class, e -> erased(e.customerId()))
                .on(CustomerDeleted.class, e -> customers.withdrawInvitations(e.customerId(), "customer deleted"))
                .build();
    }

    @KafkaListener(topics = Topics.CUSTOMER, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void merged(CustomerMerged e) {
        List<UUID> merged = e.mergedIds() == null
                ? List.of()
                : e.mergedIds().stream()
                        .filter(id -> !id.equals(e.customerId()))
                        .toList();
        for (UUID id : merged) {
            customers.moveToSurvivor(id, e.customerId());
        }
    }

    private void erased(UUID customer) {
        customers.eraseTextAnswers(customer);
        customers.eraseComplaintTexts(customer, ERASED);
        customers.withdrawInvitations(customer, "customer erased");
        customers.dropPlainTokens(customer);
    }
}
