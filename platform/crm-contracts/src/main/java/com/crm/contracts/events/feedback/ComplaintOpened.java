package com.crm.contracts.events.feedback;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A complaint was opened; {@code dueAt} is its SLA deadline (from its severity). No description: free text stays.
 * {@code productCode} is the product (SKU) the complaint is about, null when none was named.
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
        String productCode)
        implements CrmEvent {}
