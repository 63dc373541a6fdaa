package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.util.List;
import java.util.UUID;

/** A profile change; {@code changedFields} names the API fields whose value changed. */
@EventType(value = "crm.customer.updated", topic = Topics.CUSTOMER)
public record CustomerUpdated(UUID customerId, List<String> changedFields, CustomerSnapshot customer)
        implements CrmEvent {}
