package com.crm.interaction.plan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A communication plan as stored and shown. */
public record CommunicationPlanView(
        UUID id,
        String name,
        String tier,
        String loyaltyLevel,
        List<UUID> customerIds,
        List<PlanRule> rules,
        boolean active,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
