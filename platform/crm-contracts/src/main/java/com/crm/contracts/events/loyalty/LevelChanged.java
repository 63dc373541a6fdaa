package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A member's level changed: {@code from} is null on enrolment; {@code reason} is {@code QUALIFIED} (an upgrade,
 * at once), {@code REVIEW} (a downgrade at the review date after the grace period) or {@code MANUAL}.
 */
@EventType(value = "crm.loyalty.level-changed", topic = Topics.LOYALTY)
public record LevelChanged(UUID customerId, UUID memberId, String from, String to, String reason, Instant changedAt)
        implements CrmEvent {}
