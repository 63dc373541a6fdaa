package com.crm.contracts.events.segmentation;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A customer joined ({@code change} = {@code JOINED}) or left ({@code LEFT}) a dynamic segment. */
@EventType(value = "crm.segment.membership-changed", topic = Topics.SEGMENTATION)
public record SegmentMembershipChanged(
        UUID customerId, UUID segmentId, String segmentName, String change, Instant changedAt) implements CrmEvent {}
