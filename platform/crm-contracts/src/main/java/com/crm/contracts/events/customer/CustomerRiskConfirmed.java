package com.crm.contracts.events.customer;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person confirmed a risk review: the customer is a fraud. Consumers keep the customer out of what could be abused
 * (offers, coupons, points accrual) until a {@link CustomerRiskCleared} newer than {@code decidedAt}. {@code signals}
 * names the kinds of the signals behind the score (e.g. {@code SHARED_PHONE}, {@code REFUND_RATIO}): never the
 * identifiers themselves, which stay in customer-service. {@code actor}: who decided.
 */
@EventType(value = "crm.customer.risk-confirmed", topic = Topics.CUSTOMER)
public record CustomerRiskConfirmed(
        UUID customerId, UUID reviewId, String score, List<String> signals, Instant decidedAt, ActorRef actor)
        implements CrmEvent {}
