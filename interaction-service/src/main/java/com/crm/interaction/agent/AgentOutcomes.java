package com.crm.interaction.agent;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code agent_outcome} current: one set-based recompute on a schedule (once per cluster: an advisory lock),
 * or on demand (config/admin).
 */
@Service
class AgentOutcomes {

    /** What a recompute did: {@code rows} written, or {@code skipped} when another instance was at it. */
    record Recomputed(int rows, boolean skipped, Instant computedAt) {}

    private final AgentOutcomeRepository outcomes;
    private final AgentProperties properties;
    private final Clock clock;

    AgentOutcomes(AgentOutcomeRepository outcomes, AgentProperties properties, Clock clock) {
        this.outcomes = outcomes;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${crm.interaction.agents.outcome-refresh:PT10M}",
            initialDelayString = "${crm.interaction.agents.outcome-refresh:PT10M}")
    @Transactional
    void scheduled() {
        recompute();
    }

    @Transactional
    public Recomputed recompute() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!outcomes.tryLock()) {
            return new Recomputed(0, true, now);
        }
        int rows = outcomes.recompute(now.minus(properties.outcomeWindow()), now);
        return new Recomputed(rows, false, now);
    }
}
