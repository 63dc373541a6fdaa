package com.crm.interaction.agent.fit;

import java.util.Map;

/**
 * One agent as the ranking sees them.
 *
 * @param key          the agent's id (any stable text)
 * @param seniority    {@code JUNIOR}, {@code SENIOR} or {@code LEAD}
 * @param skills       skill name (lower case) to level 1..5
 * @param available    the agent's own switch: off means never matched
 * @param withinHours  true/false by their working hours now, {@code null} when they have no schedule
 * @param capacity     max open assignments on the asked channel ({@code -1} when no channel was asked)
 * @param open         open assignments on that channel
 * @param own          the agent's outcomes with customers of the customer's tier
 * @param team         the team's (pooled) outcomes with customers of that tier: the prior
 */
public record Candidate(
        String key,
        String seniority,
        Map<String, Integer> skills,
        boolean available,
        Boolean withinHours,
        int capacity,
        int open,
        OutcomeCounts own,
        OutcomeCounts team) {

    public Candidate {
        skills = Map.copyOf(skills);
        own = own == null ? OutcomeCounts.NONE : own;
        team = team == null ? OutcomeCounts.NONE : team;
    }
}
