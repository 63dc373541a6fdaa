package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** Points were spent (on a reward or by a manual debit); {@code balance} is the balance after it. */
@EventType(value = "crm.loyalty.points-redeemed", topic = Topics.LOYALTY)
public record PointsRedeemed(
        UUID customerId,
        UUID memberId,
        UUID entryId,
        long points,
        long balance,
        String reason,
        UUID redemptionId,
        Instant occurredAt)
        implements CrmEvent {}
