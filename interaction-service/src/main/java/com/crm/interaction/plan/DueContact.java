package com.crm.interaction.plan;

import com.crm.interaction.contact.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * A contact a plan calls for: {@code dueAt} is the last contact over the channel plus the plan's period (the plan's
 * creation when there was none); {@code overdue} when that is past. {@code agentId} is the customer's account manager.
 */
public record DueContact(
        UUID planId,
        String plan,
        UUID customerId,
        Channel channel,
        String every,
        Instant lastContactAt,
        Instant dueAt,
        boolean overdue,
        String agentId) {}
