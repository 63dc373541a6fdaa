package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * Points entered a member's journal as a credit: accrual on a purchase ({@code purchaseId} set), feedback or a
 * referral, a bonus campaign or a manual credit ({@code reason}). {@code balance} is the member's balance after it.
 */
@EventType(value = "crm.loyalty.points-earned", topic = Topics.LOYALTY)
public record PointsEarned(
        UUID customerId,
        UUID memberId,
        UUID entryId,
        long points,
        long balance,
        String reason,
        UUID purchaseId,
        Instant occurredAt)
        implements CrmEvent {}
