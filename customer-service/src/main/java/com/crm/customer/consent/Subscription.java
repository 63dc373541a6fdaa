package com.crm.customer.consent;

import com.crm.contracts.events.ActorRef;
import java.time.Instant;

/** A customer's choice on one subscription type; {@code NOT_SPECIFIED} with null times when none is recorded. */
public record Subscription(
        String subscriptionType,
        String name,
        Purpose purpose,
        String channel,
        SubscriptionStatus status,
        String source,
        Instant changedAt,
        Instant recordedAt,
        ActorRef actor) {}
