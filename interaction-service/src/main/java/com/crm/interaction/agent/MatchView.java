package com.crm.interaction.agent;

import com.crm.interaction.agent.fit.Reason;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Agents ranked for one customer, best first; {@code excluded} counts the agents the hard filters left out, per
 * reason ({@code unavailable}, {@code missing-skill}, {@code no-capacity}).
 */
public record MatchView(
        UUID customerId, String customerTier, List<Match> items, Map<String, Integer> excluded, double priorStrength) {

    /** One agent, their score and the reasons adding up to it. */
    public record Match(
            UUID agentId,
            String userId,
            String displayName,
            String team,
            Seniority seniority,
            double score,
            Integer openAssignments,
            Integer capacity,
            List<Reason> reasons) {}
}
