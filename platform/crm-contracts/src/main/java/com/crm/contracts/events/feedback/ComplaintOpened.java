package com.crm.contracts.events.feedback;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * A complaint was opened; {@code dueAt} is its SLA deadline (from its severity). No description: free text stays.
 * {@code productCode} is the product (SKU) the complaint is about, null when none was named. {@code actor}: who
 * opened it (null in older events).
 */
@EventType(value = "crm.complaint.opened", topic = Topics.FEEDBACK)
public record ComplaintOpened(
        UUID customerId,
        UUID complaintId,
        String category,
        String severity,
        String channel,
        UUID interactionId,
        Instant openedAt,
        Instant dueAt,
        String productCode,
        ActorRef actor)
        implements CrmEvent {

    public ComplaintOpened(
            UUID customerId,
            UUID complaintId,
            String category,
            String severity,
            String channel,
            UUID interactionId,
            Instant openedAt,
            Instant dueAt,
            String productCode) {
        this(customerId, complaintId, category, severity, channel, interactionId, openedAt, dueAt, productCode, null);
    }
}
