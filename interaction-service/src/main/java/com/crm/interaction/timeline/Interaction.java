package com.crm.interaction.timeline;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One recorded contact, as stored. {@code override} is set when an admin recorded it against the policies;
 * {@code recordedBy} is who recorded it (from the token: the agent, or the integrated system that named the agent).
 */
record Interaction(
        UUID id,
        UUID customerId,
        Channel channel,
        Direction direction,
        InteractionType type,
        Purpose purpose,
        Instant occurredAt,
        Integer durationSeconds,
        String agentId,
        String subject,
        String notes,
        Outcome outcome,
        String campaignId,
        boolean purchaseIntent,
        String source,
        String externalId,
        Override override,
        Instant recordedAt,
        Instant erasedAt,
        String recordedByKind,
        String recordedBy) {

    /** An admin's override of the contact policies: who, why, and which reasons were overridden. */
    record Override(String justification, String by, List<String> overriddenReasons) {}
}
