package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * A person cleared a risk review: the customer is not a fraud on this evidence. It lifts an earlier
 * {@link CustomerRiskConfirmed} (a confirmation undone) when newer than it. {@code actor}: who decided.
 */
@EventType(value = "crm.customer.risk-cleared", topic = Topics.CUSTOMER)
public record CustomerRiskCleared(UUID customerId, UUID reviewId, String score, Instant decidedAt, ActorRef actor)
        implements CrmEvent {}
