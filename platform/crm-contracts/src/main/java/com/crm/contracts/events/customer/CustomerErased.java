package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * GDPR erasure: every service purges the customer's personal data, keeping only anonymous aggregates. {@code actor}:
 * who asked for the erasure (null in events written before it was recorded).
 */
@EventType(value = "crm.customer.erased", topic = Topics.CUSTOMER)
public record CustomerErased(UUID customerId, Instant erasedAt, ActorRef actor) implements CrmEvent {

    public CustomerErased(UUID customerId, Instant erasedAt) {
        this(customerId, erasedAt, null);
    }
}
