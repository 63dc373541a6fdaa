package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** GDPR erasure: every service purges the customer's personal data, keeping only anonymous aggregates. */
@EventType(value = "crm.customer.erased", topic = Topics.CUSTOMER)
public record CustomerErased(UUID customerId, Instant erasedAt) implements CrmEvent {}
