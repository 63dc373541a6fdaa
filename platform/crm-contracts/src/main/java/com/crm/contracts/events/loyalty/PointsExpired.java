package com.crm.contracts.events.loyalty;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** Points of lots older than the program's validity expired (first in, first out); {@code balance} after it. */
@EventType(value = "crm.loyalty.points-expired", topic = Topics.LOYALTY)
public record PointsExpired(UUID customerId, UUID memberId, UUID entryId, long points, long balance, Instant occurredAt)
        implements CrmEvent {}
