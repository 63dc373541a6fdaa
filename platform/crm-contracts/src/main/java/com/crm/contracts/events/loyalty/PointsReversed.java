package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * Points earned on a purchase were taken back because it was refunded (in proportion for a partial refund);
 * {@code debt} is what could not be taken because the points were already spent, recorded against later accruals.
 */
@EventType(value = "crm.loyalty.points-reversed", topic = Topics.LOYALTY)
public record PointsReversed(
        UUID customerId,
        UUID memberId,
        UUID entryId,
        UUID purchaseId,
        long points,
        long debt,
        long balance,
        Instant occurredAt)
        implements CrmEvent {}
