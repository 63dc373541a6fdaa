package com.crm.contracts.events.feedback;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A complaint was resolved; {@code withinSla} is false when it was resolved after its deadline. */
@EventType(value = "crm.complaint.resolved", topic = Topics.FEEDBACK)
public record ComplaintResolved(
        UUID customerId,
        UUID complaintId,
        String category,
        String severity,
        Instant openedAt,
        Instant dueAt,
        Instant resolvedAt,
        boolean withinSla)
        implements CrmEvent {}
