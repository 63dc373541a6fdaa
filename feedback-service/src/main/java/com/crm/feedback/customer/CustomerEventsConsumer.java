package com.crm.feedback.customer;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerUpdated;
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
 * more invitations. Each snapshot (registered, updated, a merge's survivor) keeps the customer's owner and team in
 * {@code customer_ownership} for record-level access ({@link CustomerAccess}); the highest version wins. Each event
 * applies once.
 */
@Component
class CustomerEventsConsumer {

    static final String CONSUMER = "feedback-customer-lifecycle";
    static final String ERASED = "[erased]";

    private final IdempotentEventProcessor processor;
    private final CustomerDataRepository customers;
    private final CustomerOwnershipRepository ownership;
    private final CrmEventHandlers handlers;

    CustomerEventsConsumer(
            IdempotentEventProcessor processor,
            CustomerDataRepository customers,
            CustomerOwnershipRepository ownership) {
        this.processor = processor;
        this.customers = customers;
        this.ownership = ownership;
        this.handlers = CrmEventHandlers.builder()
                .on(CustomerRegistered.class, e -> owned(e.customer()))
                .on(CustomerUpdated.class, e -> owned(e.customer()))
                .on(CustomerMerged.class, this::merged)
                .on(CustomerErased.class, e -> erased(e.customerId()))
                .on(CustomerDeleted.class, e -> customers.withdrawInvitations(e.customerId(), "customer deleted"))
                // a profile update carries the whole profile: the newest of a batch is the one that counts
                .latestOnly(CustomerUpdated.class)
                .build();
    }

    private void owned(CustomerSnapshot c) {
        if (c != null && c.id() != null) {
            ownership.upsert(c.id(), c.ownerId(), c.teamId(), c.version());
        }
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
        owned(e.survivor());
        ownership.delete(merged);
    }

    private void erased(UUID customer) {
        ownership.eraseOwner(customer);
        customers.eraseTextAnswers(customer);
        customers.eraseComplaintTexts(customer, ERASED);
        customers.withdrawInvitations(customer, "customer erased");
        customers.dropPlainTokens(customer);
    }
}
