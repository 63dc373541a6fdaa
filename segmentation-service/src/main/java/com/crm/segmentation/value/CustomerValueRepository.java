package com.crm.segmentation.value;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The scores of each customer ({@code customer_value}). */
@Repository
public class CustomerValueRepository {

    /** Columns in the order {@link #UPSERT} binds them. */
    public static final String UPSERT = """
            insert into customer_value (customer_id, recency_score, frequency_score, monetary_score, rfm_segment,
                p_alive, expected_purchases, expected_spend, clv, clv_percentile, tier, quadrant, churn_risk, stage,
                stage_reason, updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (customer_id) do update set recency_score = excluded.recency_score,
                frequency_score = excluded.frequency_score, monetary_score = excluded.monetary_score,
                rfm_segment = excluded.rfm_segment, p_alive = excluded.p_alive,
                expected_purchases = excluded.expected_purchases, expected_spend = excluded.expected_spend,
                clv = excluded.clv, clv_percentile = excluded.clv_percentile, tier = excluded.tier,
                quadrant = excluded.quadrant, churn_risk = excluded.churn_risk, stage = excluded.stage,
                stage_reason = excluded.stage_reason, updated_at = excluded.updated_at""";

    private final JdbcClient jdbc;

    CustomerValueRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record StoredValue(UUID customerId, Short recencyScore, Short frequencyScore, Short monetaryScore,
                              String rfmSegment, Double pAlive, Double expectedPurchases, Double expectedSpend,
                              Double clv, Double clvPercentile, String tier, String quadrant, Double churnRisk,
                              String stage, String stageReason, Instant updatedAt) {
    }

    /** One row of {@code select * from customer_value}. */
    public static StoredValue map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredValue(rs.getObject("customer_id", UUID.class), rs.getObject("recency_score", Short.class),
                rs.getObject("frequency_score", Short.class), rs.getObject("monetary_score", Short.class),
                rs.getString("rfm_segment"), rs.getObject("p_alive", Double.class),
                rs.getObject("expected_purchases", Double.class), rs.getObject("expected_spend", Double.class),
                rs.getObject("clv", Double.class), rs.getObject("clv_percentile", Double.class),
                rs.getString("tier"), rs.getString("quadrant"), rs.getObject("churn_risk", Double.class),
                rs.getString("stage"), rs.getString("stage_reason"), rs.getTimestamp("updated_at").toInstant());
    }

    public Optional<StoredValue> find(UUID id) {
        return jdbc.sql("select * from customer_value where customer_id = :id").param("id", id)
                .query((rs, n) -> new StoredValue(id, (Short) rs.getObject("recency_score", Short.class),
                        rs.getObject("frequency_score", Short.class), rs.getObject("monetary_score", Short.class),
                        rs.getString("rfm_segment"), rs.getObject("p_alive", Double.class),
                        rs.getObject("expected_purchases", Double.class), rs.getObject("expected_spend", Double.class),
                        rs.getObject("clv", Double.class), rs.getObject("clv_percentile", Double.class),
                        rs.getString("tier"), rs.getString("quadrant"), rs.getObject("churn_risk", Double.class),
                        rs.getString("stage"), rs.getString("stage_reason"),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    void save(StoredValue v) {
        jdbc.sql(UPSERT).params(v.customerId(), v.recencyScore(), v.frequencyScore(), v.monetaryScore(),
                v.rfmSegment(), v.pAlive(), v.expectedPurchases(), v.expectedSpend(), v.clv(), v.clvPercentile(),
                v.tier(), v.quadrant(), v.churnRisk(), v.stage(), v.stageReason(), Timestamp.from(v.updatedAt()))
                .update();
    }
}
