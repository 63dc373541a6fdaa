package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * A channel's consent moved; {@code previousStatus} is null when there was no record before. {@code actor}: who changed
 * it (null when no caller did, e.g. in older events).
 */
@EventType(value = "crm.customer.consent-changed", topic = Topics.CUSTOMER)
public record CustomerConsentChanged(
        UUID customerId,
        String channel,
        String status,
        String previousStatus,
        Instant changedAt,
        String source,
        ActorRef actor)
        implements CrmEvent {

    public CustomerConsentChanged(
            UUID customerId, String channel, String status, String previousStatus, Instant changedAt, String source) {
        this(customerId, channel, status, previousStatus, changedAt, source, null);
    }
}
