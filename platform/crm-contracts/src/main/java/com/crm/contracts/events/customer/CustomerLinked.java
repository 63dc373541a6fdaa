package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A relationship from {@code customerId} to {@code relatedCustomerId} was created, e.g. a person WORKS_AT an
 * organisation, or was REFERRED_BY another customer.
 */
@EventType(value = "crm.customer.linked", topic = Topics.CUSTOMER)
public record CustomerLinked(
        UUID customerId,
        UUID relationshipId,
        String type,
        UUID relatedCustomerId,
        String role,
        boolean primaryContact,
        Instant linkedAt)
        implements CrmEvent {}
