package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A single-use coupon was issued to a customer (its code is not in the event: it is the customer's to use). */
@EventType(value = "crm.loyalty.coupon-issued", topic = Topics.LOYALTY)
public record CouponIssued(
        UUID customerId, UUID couponId, String campaign, Instant validFrom, Instant validUntil, Instant issuedAt)
        implements CrmEvent {}
