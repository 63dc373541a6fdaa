package com.crm.contracts.events.feedback;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * A complaint was resolved; {@code withinSla} is false when it was resolved after its deadline. {@code actor}: who
 * resolved it (null in older events).
 */
@EventType(value = "crm.complaint.resolved", topic = Topics.FEEDBACK)
public record ComplaintResolved(
        UUID customerId,
        UUID complaintId,
        String category,
        String severity,
        Instant openedAt,
        Instant dueAt,
        Instant resolvedAt,
        boolean withinSla,
        ActorRef actor)
        implements CrmEvent {

    public ComplaintResolved(
            UUID customerId,
            UUID complaintId,
            String category,
            String severity,
            Instant openedAt,
            Instant dueAt,
            Instant resolvedAt,
            boolean withinSla) {
        this(customerId, complaintId, category, severity, openedAt, dueAt, resolvedAt, withinSla, null);
    }
}
