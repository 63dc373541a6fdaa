package com.crm.interaction.agent;

import com.crm.interaction.agent.fit.AgentRanker;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param priorStrength  how many contacts the team's average counts for when an agent's own rate is shrunk toward
 *                       it (empirical Bayes): higher trusts a short record less
 * @param outcomeWindow  how far back interactions and completed assignments feed the learnt fit
 * @param outcomeRefresh how often {@code agent_outcome} is recomputed
 */
@ConfigurationProperties("crm.interaction.agents")
public record AgentProperties(Double priorStrength, Duration outcomeWindow, Duration outcomeRefresh) {

    public AgentProperties {
        priorStrength = priorStrength == null ? AgentRanker.DEFAULT_PRIOR_STRENGTH : priorStrength;
        outcomeWindow = outcomeWindow == null ? Duration.ofDays(365) : outcomeWindow;
        outcomeRefresh = outcomeRefresh == null ? Duration.ofMinutes(10) : outcomeRefresh;
    }
}
