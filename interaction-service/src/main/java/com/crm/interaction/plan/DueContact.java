package com.crm.interaction.plan;

import com.crm.interaction.contact.Channel;
import java.time.Instant;
import java.util.UUID;

/**
 * A contact a plan calls for ({@code source} {@code PLAN}): {@code dueAt} is the last contact over the channel plus
 * the plan's period (the plan's creation when there was none); {@code overdue} when that is past. {@code agentId} is
 * the customer's account manager. Or an agent's open assignment ({@code source} {@code ASSIGNMENT}, with
 * {@code assignmentId} and {@code topic}; no plan): due at its {@code dueAt} (its creation when none), {@code agentId}
 * = the assigned agent's user id.
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
        String agentId,
        String source,
        UUID assignmentId,
        String topic) {}
