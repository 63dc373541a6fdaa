package com.crm.contracts.events.interaction;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.EventType;
import com.crm.contracts.Topics;
import com.crm.contracts.events.ActorRef;
import java.time.Instant;
import java.util.UUID;

/**
 * A contact with the customer was recorded. Carries no free text (subject, notes): those stay in
 * interaction-service and are purged on erasure. {@code purchaseIntent} flags an inbound signal sales should act on;
 * {@code policyOverride} is true when an admin recorded it against the contact policies. {@code recordedBy}: who
 * recorded it (the agent themself, or the integrated system that named {@code agentId}); null in older events.
 */
@EventType(value = "crm.interaction.recorded", topic = Topics.INTERACTION)
public record InteractionRecorded(
        UUID customerId,
        UUID interactionId,
        String channel,
        String direction,
        String type,
        String purpose,
        String outcome,
        Instant occurredAt,
        Integer durationSeconds,
        String agentId,
        String campaignId,
        boolean purchaseIntent,
        String source,
        String externalId,
        boolean policyOverride,
        ActorRef recordedBy)
        implements CrmEvent {

    public InteractionRecorded(
            UUID customerId,
            UUID interactionId,
            String channel,
            String direction,
            String type,
            String purpose,
            String outcome,
            Instant occurredAt,
            Integer durationSeconds,
            String agentId,
            String campaignId,
            boolean purchaseIntent,
            String source,
            String externalId,
            boolean policyOverride) {
        this(
                customerId,
                interactionId,
                channel,
                direction,
                type,
                purpose,
                outcome,
                occurredAt,
                durationSeconds,
                agentId,
                campaignId,
                purchaseIntent,
                source,
                externalId,
                policyOverride,
                null);
    }
}
