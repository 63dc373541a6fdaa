package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.timeline.Outcome;
import java.time.Instant;
import java.util.UUID;

/** An assignment: {@code OPEN} until completed with an outcome. */
public record AssignmentView(
        UUID id,
        UUID agentId,
        String agentUserId,
        UUID customerId,
        Channel channel,
        String topic,
        Instant dueAt,
        String status,
        Outcome outcome,
        Instant createdAt,
        Instant completedAt) {}
