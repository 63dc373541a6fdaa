package com.crm.interaction.agent;

import com.crm.interaction.contact.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An agent as the API answers it; {@code version} is the ETag. */
public record AgentView(
        UUID id,
        String userId,
        String displayName,
        String team,
        List<SkillLevel> skills,
        Seniority seniority,
        Map<Channel, Integer> capacity,
        WorkingHours workingHours,
        boolean available,
        long version,
        Instant createdAt,
        Instant updatedAt) {}
