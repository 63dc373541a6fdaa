package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A member took a reward from the catalogue for {@code points}. */
@EventType(value = "crm.loyalty.reward-redeemed", topic = Topics.LOYALTY)
public record RewardRedeemed(
        UUID customerId, UUID memberId, UUID redemptionId, UUID rewardId, long points, Instant occurredAt)
        implements CrmEvent {}
