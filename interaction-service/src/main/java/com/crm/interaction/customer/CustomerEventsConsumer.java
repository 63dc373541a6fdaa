package com.crm.interaction.customer;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerConsentChanged;
import com.crm.contracts.events.customer.CustomerConsentPurposeChanged;
import com.crm.contracts.events.customer.CustomerDeleted;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerSubscriptionChanged;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the local projection of customers from {@code crm.customer.v1}: consents, time zone and status for the
 * contact policies, owner and team for record-level access ({@link CustomerAccess}; an erasure clears the owner and
 * keeps the team). Merges and erasures are published in-process, in the event's transaction, to the features that
 * hold customers' data (the timeline re-keys or purges it). Each event applies once.
 */
@Component
class CustomerEventsConsumer {

    static final String CONSUMER = "interaction-customer-projection";

    private final IdempotentEventProcessor processor;
    private final CustomerProjectionRepository customers;
    private final ApplicationEventPublisher publisher;
    private final CrmEventHandlers handlers;

    CustomerEventsConsumer(
            IdempotentEventProcessor processor,
            CustomerProjectionRepository customers,
            ApplicationEventPublisher publisher) {
        this.processor = processor;
        this.customers = customers;
        this.publisher = publisher;
        this.handlers = CrmEventHandlers.builder()
                .on(CustomerRegistered.class, e -> snapshot(e.customer()))
                .on(CustomerUpdated.class, e -> snapshot(e.customer()))
                .on(
                        CustomerConsentChanged.class,
                        e -> customers.setConsent(
                                e.customerId(),
                                e.channel(),
                                e.status(),
                                e.changedAt() == null ? Instant.now() : e.changedAt()))
                .on(
                        CustomerConsentPurposeChanged.class,
                        e -> customers.setPurpose(
                                e.customerId(),
                                e.purpose(),
                                e.channel(),
                                e.status(),
                                e.changedAt() == null ? Instant.now() : e.changedAt()))
                .on(
                        CustomerSubscriptionChanged.class,
                        e -> customers.setSubscription(
                                e.customerId(),
                                e.subscriptionType(),
                                e.status(),
                                e.changedAt() == null ? Instant.now() : e.changedAt()))
                .on(
                        CustomerDeleted.class,
                        e -> customers.markDeleted(
                                e.customerId(), e.version(), e.deletedAt() == null ? Instant.now() : e.deletedAt()))
                .on(CustomerMerged.class, this::merged)
                .on(CustomerErased.class, this::erased)
                // an update carries the whole profile (versioned): the newest of a batch replaces the others
                .latestOnly(CustomerUpdated.class)
                .build();
    }

    @KafkaListener(topics = Topics.CUSTOMER, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void snapshot(CustomerSnapshot c) {
        customers.upsert(projection(c, "ACTIVE"), c.teamId());
    }

    private void merged(CustomerMerged e) {
        Instant at = e.mergedAt() == null ? Instant.now() : e.mergedAt();
        if (e.survivor() != null) {
            snapshot(e.survivor());
        }
        List<UUID> merged = e.mergedIds() == null
                ? List.of()
                : e.mergedIds().stream()
                        .filter(id -> !id.equals(e.customerId()))
                        .toList();
        customers.carryTier(merged, e.customerId(), at);
        customers.carryLoyaltyLevel(merged, e.customerId(), at);
        merged.forEach(id -> customers.markMerged(id, at));
        publisher.publishEvent(new CustomersMerged(merged, e.customerId()));
    }

    private void erased(CustomerErased e) {
        Instant at = e.erasedAt() == null ? Instant.now() : e.erasedAt();
        customers.markErased(e.customerId(), at);
        publisher.publishEvent(new CustomerErasedLocally(e.customerId(), at));
    }

    private static CustomerProjection projection(CustomerSnapshot c, String status) {
        return new CustomerProjection(
                c.id(),
                status,
                c.consents() == null ? Map.of() : c.consents(),
                c.timeZone(),
                c.ownerId(),
                c.tags(),
                c.version(),
                c.updatedAt() == null ? Instant.now() : c.updatedAt(),
                null);
    }
}
