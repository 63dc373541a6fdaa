package com.crm.interaction.agent;

import com.crm.interaction.agent.fit.OutcomeCounts;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code agent_outcome} aggregate: recomputed set-based, read per tier by matching. */
@Repository
class AgentOutcomeRepository {

    /** Any constant: only one instance recomputes at a time (pg_try_advisory_xact_lock). */
    private static final long LOCK = 0x61676e74_6f75_7463L;

    private final JdbcClient jdbc;

    AgentOutcomeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when another instance holds the recompute (then do nothing). Call in the recompute's transaction. */
    boolean tryLock() {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(:lock)")
                .param("lock", LOCK)
                .query(Boolean.class)
                .single());
    }

    /**
     * Recomputes every agent's counts per customer tier from interactions that occurred since {@code since} (with an
     * agent and an outcome) and assignments completed since then, in two statements; rows no longer backed by any
     * contact are removed. Returns the number of rows written.
     */
    int recompute(Instant since, Instant now) {
        int written = jdbc.sql("""
                        with facts as (
                          select i.agent_id as agent_user_id, coalesce(cp.tier, '-') as tier, i.outcome,
                            i.purchase_intent
                          from interaction i left join customer_projection cp on cp.customer_id = i.customer_id
                          where i.agent_id is not null and i.outcome is not null and i.occurred_at >= :since
                          union all
                          select ag.user_id, coalesce(cp.tier, '-'), a.outcome, a.outcome = 'PURCHASE_INTENT'
                          from agent_assignment a join agent ag on ag.id = a.agent_id
                          left join customer_projection cp on cp.customer_id = a.customer_id
                          where a.status = 'COMPLETED' and a.outcome is not null and a.completed_at >= :since
                        )
                        insert into agent_outcome (agent_user_id, tier, service_contacts, resolved, contacts, purchases,
                          computed_at)
                        select agent_user_id, tier,
                          count(*) filter (where outcome in ('RESOLVED', 'UNRESOLVED', 'CALLBACK_REQUESTED')),
                          count(*) filter (where outcome = 'RESOLVED'),
                          count(*) filter (where outcome not in ('NO_ANSWER', 'BUSY', 'VOICEMAIL', 'BOUNCED')),
                          count(*) filter (where purchase_intent
                                           and outcome not in ('NO_ANSWER', 'BUSY', 'VOICEMAIL', 'BOUNCED')),
                          :now
                        from facts group by agent_user_id, tier
                        on conflict (agent_user_id, tier) do update set service_contacts = excluded.service_contacts,
                          resolved = excluded.resolved, contacts = excluded.contacts, purchases = excluded.purchases,
                          computed_at = excluded.computed_at""")
                .param("since", AgentRepository.utc(since))
                .param("now", AgentRepository.utc(now))
                .update();
        jdbc.sql("delete from agent_outcome where computed_at < :now")
                .param("now", AgentRepository.utc(now))
                .update();
        return written;
    }

    /** Every agent's counts with customers of one tier ({@code -}: without a tier), by agent user id. */
    Map<String, OutcomeCounts> forTier(String tier) {
        Map<String, OutcomeCounts> counts = new HashMap<>();
        jdbc.sql("""
                        select agent_user_id, service_contacts, resolved, contacts, purchases from agent_outcome
                        where tier = :tier""").param("tier", tier).query((ResultSet rs) -> {
            counts.put(
                    rs.getString("agent_user_id"),
                    new OutcomeCounts(
                            rs.getLong("service_contacts"),
                            rs.getLong("resolved"),
                            rs.getLong("contacts"),
                            rs.getLong("purchases")));
        });
        return counts;
    }
}
