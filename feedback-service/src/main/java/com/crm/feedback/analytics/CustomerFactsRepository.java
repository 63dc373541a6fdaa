package com.crm.feedback.analytics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The local projections analytics groups by: each customer's tier and lifecycle stage (the newest change wins, so a
 * late older event does not roll it back) and purchases.
 */
@Repository
class CustomerFactsRepository {

    private final JdbcClient jdbc;

    CustomerFactsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void tier(UUID customer, String tier, Instant at) {
        jdbc.sql("""
                insert into customer_segment (customer_id, tier, tier_changed_at) values (:c, :t, :at)
                on conflict (customer_id) do update set tier = excluded.tier, tier_changed_at = excluded.tier_changed_at
                where customer_segment.tier_changed_at is null or customer_segment.tier_changed_at <= excluded.tier_changed_at""")
                .param("c", customer)
                .param("t", tier)
                .param("at", Timestamp.from(at))
                .update();
    }

    void stage(UUID customer, String stage, Instant at) {
        jdbc.sql("""
                insert into customer_segment (customer_id, stage, stage_changed_at) values (:c, :s, :at)
                on conflict (customer_id) do update set stage = excluded.stage, stage_changed_at = excluded.stage_changed_at
                where customer_segment.stage_changed_at is null or customer_segment.stage_changed_at <= excluded.stage_changed_at""")
                .param("c", customer)
                .param("s", stage)
                .param("at", Timestamp.from(at))
                .update();
    }

    void purchase(UUID purchase, UUID customer, Instant occurredAt) {
        jdbc.sql("insert into purchase_fact (purchase_id, customer_id, occurred_at) values (:p, :c, :at) "
                        + "on conflict do nothing")
                .param("p", purchase)
                .param("c", customer)
                .param("at", Timestamp.from(occurredAt))
                .update();
    }
}
