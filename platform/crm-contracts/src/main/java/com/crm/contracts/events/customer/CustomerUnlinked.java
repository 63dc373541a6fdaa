package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A relationship was removed (by a user, or because one side was erased or deleted). */
@EventType(value = "crm.customer.unlinked", topic = Topics.CUSTOMER)
public record CustomerUnlinked(
        UUID customerId, UUID relationshipId, String type, UUID relatedCustomerId, Instant unlinkedAt)
        implements CrmEvent {}
