package com.crm.contracts.events.segmentation;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's value tier changed ({@code S}, {@code A}, {@code B}, {@code C} by CLV percentile); {@code from} is
 * null for the first tier; {@code clv} is the customer-lifetime value behind it (a decimal string).
 */
@EventType(value = "crm.value.tier-changed", topic = Topics.SEGMENTATION)
public record TierChanged(UUID customerId, String from, String to, String clv, Instant changedAt, UUID runId)
        implements CrmEvent {}
