package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A channel's consent moved; {@code previousStatus} is null when there was no record before. */
@EventType(value = "crm.customer.consent-changed", topic = Topics.CUSTOMER)
public record CustomerConsentChanged(
        UUID customerId, String channel, String status, String previousStatus, Instant changedAt, String source)
        implements CrmEvent {}
