package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Customers {@code mergedIds} were merged into the survivor {@code customerId}: every service moves what it holds
 * for a merged id to the survivor. The merged ids keep resolving to the survivor in customer-service. {@code actor}: who merged (null in older events).
 */
@EventType(value = "crm.customer.merged", topic = Topics.CUSTOMER)
public record CustomerMerged(
        UUID customerId, List<UUID> mergedIds, Instant mergedAt, CustomerSnapshot survivor, ActorRef actor)
        implements CrmEvent {

    public CustomerMerged(UUID customerId, List<UUID> mergedIds, Instant mergedAt, CustomerSnapshot survivor) {
        this(customerId, mergedIds, mergedAt, survivor, null);
    }
}
