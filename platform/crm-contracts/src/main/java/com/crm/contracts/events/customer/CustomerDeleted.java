package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

@EventType(value = "crm.customer.deleted", topic = Topics.CUSTOMER)
public record CustomerDeleted(UUID customerId, Instant deletedAt, long version) implements CrmEvent {}
