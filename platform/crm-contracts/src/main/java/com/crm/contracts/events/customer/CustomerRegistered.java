package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.util.UUID;

@EventType(value = "crm.customer.registered", topic = Topics.CUSTOMER)
public record CustomerRegistered(UUID customerId, CustomerSnapshot customer) implements CrmEvent {}
