package com.crm.loyalty.risk;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Fraud holds ({@code customer_risk}): the newest decision per customer. */
@Repository
class RiskHoldRepository {

    private final JdbcClient jdbc;

    RiskHoldRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a decision unless a newer one is stored. */
    void decided(UUID customerId, boolean held, UUID reviewId, Instant decidedAt) {
        jdbc.sql("""
                        insert into customer_risk (customer_id, held, review_id, decided_at)
                        values (:c, :held, :review, :at)
                        on conflict (customer_id) do update set held = excluded.held, review_id = excluded.review_id,
                            decided_at = excluded.decided_at
                        where customer_risk.decided_at <= excluded.decided_at""")
                .param("c", customerId)
                .param("held", held)
                .param("review", reviewId)
                .param("at", Timestamp.from(decidedAt))
                .update();
    }

    /** The held customers among {@code customers}. */
    Set<UUID> heldAmong(Collection<UUID> customers) {
        if (customers.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(
                jdbc.sql("select customer_id from customer_risk where customer_id = any(cast(:ids as uuid[])) and held")
                        .param("ids", new SqlArrayValue("uuid", customers.toArray()))
                        .query(UUID.class)
                        .list());
    }

    boolean held(UUID customerId) {
        return jdbc.sql("select exists (select 1 from customer_risk where customer_id = :c and held)")
                .param("c", customerId)
                .query(Boolean.class)
                .single();
    }

    /** A merge carries a hold of any merged customer to the survivor (a fraud does not shed its hold by merging). */
    void merged(UUID survivor, Collection<UUID> merged, Instant at) {
        if (merged.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into customer_risk (customer_id, held, review_id, decided_at)
                        select :survivor, true, review_id, greatest(decided_at, :at) from customer_risk
                        where customer_id in (:merged) and held
                        order by decided_at desc limit 1
                        on conflict (customer_id) do update set held = true, review_id = excluded.review_id,
                            decided_at = excluded.decided_at""")
                .param("survivor", survivor)
                .param("merged", merged)
                .param("at", Timestamp.from(at))
                .update();
        jdbc.sql("delete from customer_risk where customer_id in (:merged)")
                .param("merged", merged)
                .update();
    }

    void erased(UUID customerId) {
        jdbc.sql("delete from customer_risk where customer_id = :c")
                .param("c", customerId)
                .update();
    }
}
