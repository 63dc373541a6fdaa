package com.crm.contracts.events.feedback;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/** A complaint passed its SLA deadline unresolved and was escalated (once per breach). */
@EventType(value = "crm.complaint.sla-breached", topic = Topics.FEEDBACK)
public record ComplaintSlaBreached(
        UUID customerId,
        UUID complaintId,
        String category,
        String severity,
        String status,
        String assignee,
        Instant dueAt,
        Instant escalatedAt)
        implements CrmEvent {}
