package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * The customer subscribed to or unsubscribed from one subscription type (a kind of message an admin defines, such as
 * a newsletter, with the {@code purpose} and {@code channel} it serves; {@code channel} is {@code ALL} when it is not
 * tied to one). {@code status}: {@code SUBSCRIBED} or {@code UNSUBSCRIBED}; {@code previousStatus} null for a first
 * record. Consumers keep the newest {@code changedAt} per customer and subscription type.
 */
@EventType(value = "crm.customer.subscription-changed", topic = Topics.CUSTOMER)
public record CustomerSubscriptionChanged(
        UUID customerId,
        String subscriptionType,
        String purpose,
        String channel,
        String status,
        String previousStatus,
        Instant changedAt,
        String source,
        ActorRef actor)
        implements CrmEvent {}
