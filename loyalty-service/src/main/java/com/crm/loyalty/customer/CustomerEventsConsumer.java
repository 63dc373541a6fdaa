package com.crm.loyalty.customer;

import com.crm.contracts.Topics;
import com.crm.contracts.events.customer.CustomerErased;
import com.crm.contracts.events.customer.CustomerMerged;
import com.crm.contracts.events.customer.CustomerRegistered;
import com.crm.contracts.events.customer.CustomerSnapshot;
import com.crm.contracts.events.customer.CustomerUpdated;
import com.crm.loyalty.access.CustomerOwnershipRepository;
import com.crm.loyalty.coupon.Coupons;
import com.crm.loyalty.member.Memberships;
import com.crm.support.consumer.CrmConsumerAutoConfiguration;
import com.crm.support.consumer.CrmEventHandlers;
import com.crm.support.consumer.IdempotentEventProcessor;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What loyalty-service does about customers (crm.customer.v1): snapshots keep each customer's owner and team for
 * record-level access (highest version wins); a merge moves memberships (balances, debt, lots, purchase history) and
 * coupons to the survivor; erasure forfeits the balance, anonymises the journal, closes the membership and revokes
 * unused coupons. Each event applies once.
 */
@Component
class CustomerEventsConsumer {

    static final String CONSUMER = "loyalty-customer-lifecycle";

    private final IdempotentEventProcessor processor;
    private final CustomerOwnershipRepository ownership;
    private final Memberships memberships;
    private final Coupons coupons;
    private final CrmEventHandlers handlers;

    CustomerEventsConsumer(
            IdempotentEventProcessor processor,
            CustomerOwnershipRepository ownership,
            Memberships memberships,
            Coupons coupons) {
        this.processor = processor;
        this.ownership = ownership;
        this.memberships = memberships;
        this.coupons = coupons;
        this.handlers = CrmEventHandlers.builder()
                .on(CustomerRegistered.class, e -> owned(e.customer()))
                .on(CustomerUpdated.class, e -> owned(e.customer()))
                .on(CustomerMerged.class, this::merged)
                .on(CustomerErased.class, e -> erased(e.customerId()))
                .latestOnly(CustomerUpdated.class)
                .build();
    }

    @KafkaListener(topics = Topics.CUSTOMER, containerFactory = CrmConsumerAutoConfiguration.BATCH_CONTAINER_FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        processor.processBatch(CONSUMER, records, handlers);
    }

    private void owned(CustomerSnapshot c) {
        if (c != null && c.id() != null) {
            ownership.upsert(c.id(), c.ownerId(), c.teamId(), c.version());
        }
    }

    private void merged(CustomerMerged e) {
        if (e.customerId() == null) {
            return;
        }
        List<UUID> merged = e.mergedIds() == null
                ? List.of()
                : e.mergedIds().stream()
                        .filter(id -> id != null && !id.equals(e.customerId()))
                        .distinct()
                        .toList();
        memberships.merged(e.customerId(), merged);
        coupons.merged(e.customerId(), merged);
        owned(e.survivor());
        ownership.delete(merged);
    }

    private void erased(UUID customerId) {
        if (customerId == null) {
            return;
        }
        ownership.eraseOwner(customerId);
        memberships.erased(customerId);
        coupons.erased(customerId);
    }
}
