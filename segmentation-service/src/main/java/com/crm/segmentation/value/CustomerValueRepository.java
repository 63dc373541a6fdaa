package com.crm.segmentation.value;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/**
 * The scores of each customer ({@code customer_value}), the log of their stage moves ({@code stage_transition}) and
 * the tier thresholds the last successful run left (read here: the run feature depends on this one, not back).
 */
@Repository
public class CustomerValueRepository {

    /** Columns in the order {@link #UPSERT} binds them. */
    private static final String UPSERT = """
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

    private static final String STAGE_MOVE = """
            insert into stage_transition (customer_id, from_stage, to_stage, at, day) values (?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    CustomerValueRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        // a full run reads every stored score at once: streamed, not held twice by the driver
        this.template.setFetchSize(10_000);
    }

    public record StoredValue(
            UUID customerId,
            Short recencyScore,
            Short frequencyScore,
            Short monetaryScore,
            String rfmSegment,
            Double pAlive,
            Double expectedPurchases,
            Double expectedSpend,
            Double clv,
            Double clvPercentile,
            String tier,
            String quadrant,
            Double churnRisk,
            String stage,
            String stageReason,
            Instant updatedAt) {}

    private static StoredValue map(ResultSet rs, int row) throws SQLException {
        return new StoredValue(
                rs.getObject("customer_id", UUID.class),
                rs.getObject("recency_score", Short.class),
                rs.getObject("frequency_score", Short.class),
                rs.getObject("monetary_score", Short.class),
                rs.getString("rfm_segment"),
                rs.getObject("p_alive", Double.class),
                rs.getObject("expected_purchases", Double.class),
                rs.getObject("expected_spend", Double.class),
                rs.getObject("clv", Double.class),
                rs.getObject("clv_percentile", Double.class),
                rs.getString("tier"),
                rs.getString("quadrant"),
                rs.getObject("churn_risk", Double.class),
                rs.getString("stage"),
                rs.getString("stage_reason"),
                rs.getTimestamp("updated_at").toInstant());
    }

    public Optional<StoredValue> find(UUID id) {
        return jdbc.sql("select * from customer_value where customer_id = :id")
                .param("id", id)
                .query(CustomerValueRepository::map)
                .optional();
    }

    /** The stored scores of the listed customers that have some. */
    Map<UUID, StoredValue> findAll(Collection<UUID> ids) {
        Map<UUID, StoredValue> found = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select * from customer_value where customer_id = any(cast(:ids as uuid[]))")
                    .param(
                            "ids",
                            new SqlArrayValue(
                                    "text", ids.stream().map(UUID::toString).toArray()))
                    .query(CustomerValueRepository::map)
                    .list()
                    .forEach(v -> found.put(v.customerId(), v));
        }
        return found;
    }

    /** Every stored score by customer (a full run compares against them); call inside a transaction to stream. */
    public Map<UUID, StoredValue> all() {
        Map<UUID, StoredValue> all = new HashMap<>();
        template.query("select * from customer_value", rs -> {
            StoredValue v = map(rs, 0);
            all.put(v.customerId(), v);
        });
        return all;
    }

    /** Upserts the scores in one JDBC batch. */
    public void saveAll(List<StoredValue> values) {
        template.batchUpdate(
                UPSERT, values.stream().map(CustomerValueRepository::columns).toList());
    }

    private static Object[] columns(StoredValue v) {
        return new Object[] {
            v.customerId(),
            v.recencyScore(),
            v.frequencyScore(),
            v.monetaryScore(),
            v.rfmSegment(),
            v.pAlive(),
            v.expectedPurchases(),
            v.expectedSpend(),
            v.clv(),
            v.clvPercentile(),
            v.tier(),
            v.quadrant(),
            v.churnRisk(),
            v.stage(),
            v.stageReason(),
            Timestamp.from(v.updatedAt())
        };
    }

    /** A move between lifecycle stages ({@code from} null for the first stage). */
    record StageMove(UUID customerId, String from, String to, Instant at) {}

    /** Logs stage moves in one batched statement. */
    void stageMovedAll(List<StageMove> moves) {
        if (moves.isEmpty()) {
            return;
        }
        template.batchUpdate(
                STAGE_MOVE,
                moves.stream()
                        .map(m -> new Object[] {
                            m.customerId(),
                            m.from(),
                            m.to(),
                            Timestamp.from(m.at()),
                            m.at().atZone(ZoneOffset.UTC).toLocalDate()
                        })
                        .toList());
    }

    /** Logs a stage move (the KPI "churned" counts them per day). */
    public void stageMoved(UUID customerId, String from, String to, Instant at) {
        stageMovedAll(List.of(new StageMove(customerId, from, to, at)));
    }

    /** The tier thresholds of the last successful run that set them. */
    Optional<Scorer.Thresholds> lastRunThresholds() {
        return jdbc.sql("""
                select tier_s_min, tier_a_min, tier_b_min from segmentation_run
                where status = 'SUCCEEDED' and tier_b_min is not null order by started_at desc limit 1""")
                .query((rs, n) -> new Scorer.Thresholds(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)))
                .optional();
    }
}
