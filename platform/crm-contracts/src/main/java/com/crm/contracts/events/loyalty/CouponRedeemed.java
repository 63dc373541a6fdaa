package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A coupon was used, once. */
@EventType(value = "crm.loyalty.coupon-redeemed", topic = Topics.LOYALTY)
public record CouponRedeemed(UUID customerId, UUID couponId, String campaign, Instant redeemedAt) implements CrmEvent {}
