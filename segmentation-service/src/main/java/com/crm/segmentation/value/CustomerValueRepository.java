package com.crm.segmentation.value;

import com.crm.support.database.BinaryCopy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.ConnectionCallback;
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

    /** Every column travels as text in one array per column and is cast back (doubles as their shortest exact text). */
    private static final String UPSERT = """
            insert into customer_value (customer_id, recency_score, frequency_score, monetary_score, rfm_segment,
                p_alive, expected_purchases, expected_spend, clv, clv_percentile, tier, quadrant, churn_risk, stage,
                stage_reason, updated_at)
            select cast(id as uuid), cast(r as smallint), cast(f as smallint), cast(m as smallint), segment,
                cast(p_alive as double precision), cast(purchases as double precision),
                cast(spend as double precision), cast(clv as double precision), cast(percentile as double precision),
                tier, quadrant, cast(churn as double precision), stage, reason, cast(at as timestamptz)
            from unnest(:ids, :r, :f, :m, :segments, :pAlive, :purchases, :spend, :clv, :percentiles, :tiers,
                        :quadrants, :churn, :stages, :reasons, :at)
                as v(id, r, f, m, segment, p_alive, purchases, spend, clv, percentile, tier, quadrant, churn, stage,
                     reason, at)
            on conflict (customer_id) do update set recency_score = excluded.recency_score,
                frequency_score = excluded.frequency_score, monetary_score = excluded.monetary_score,
                rfm_segment = excluded.rfm_segment, p_alive = excluded.p_alive,
                expected_purchases = excluded.expected_purchases, expected_spend = excluded.expected_spend,
                clv = excluded.clv, clv_percentile = excluded.clv_percentile, tier = excluded.tier,
                quadrant = excluded.quadrant, churn_risk = excluded.churn_risk, stage = excluded.stage,
                stage_reason = excluded.stage_reason, updated_at = excluded.updated_at""";

    /** From this many rows on, scores and stage moves are copied (binary COPY) rather than sent as arrays. */
    static final int COPY_FROM = 1_000;

    private static final String COLUMNS = """
            customer_id, recency_score, frequency_score, monetary_score, rfm_segment, p_alive, expected_purchases,
            expected_spend, clv, clv_percentile, tier, quadrant, churn_risk, stage, stage_reason, updated_at""";

    /**
     * A session's staging table for copied scores, emptied at each commit: a full run's batch is copied in and
     * upserted from it with one statement.
     */
    private static final String STAGING = "create temporary table if not exists customer_value_incoming"
            + " (like customer_value) on commit delete rows";

    private static final String UPSERT_STAGED = "insert into customer_value (" + COLUMNS + ") select " + COLUMNS
            + " from customer_value_incoming" + UPSERT.substring(UPSERT.indexOf("\non conflict"));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    CustomerValueRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
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
    public Map<UUID, StoredValue> findAll(Collection<UUID> ids) {
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

    /** Upserts the scores in one statement (of two rows of one customer, the later one is stored). */
    public void saveAll(List<StoredValue> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<UUID, StoredValue> last = new LinkedHashMap<>();
        values.forEach(v -> last.put(v.customerId(), v));
        List<StoredValue> rows = List.copyOf(last.values());
        if (rows.size() >= COPY_FROM && copyScores(rows)) {
            return;
        }
        jdbc.sql(UPSERT)
                .param("ids", text(rows, v -> v.customerId().toString()))
                .param("r", text(rows, v -> text(v.recencyScore())))
                .param("f", text(rows, v -> text(v.frequencyScore())))
                .param("m", text(rows, v -> text(v.monetaryScore())))
                .param("segments", text(rows, StoredValue::rfmSegment))
                .param("pAlive", text(rows, v -> text(v.pAlive())))
                .param("purchases", text(rows, v -> text(v.expectedPurchases())))
                .param("spend", text(rows, v -> text(v.expectedSpend())))
                .param("clv", text(rows, v -> text(v.clv())))
                .param("percentiles", text(rows, v -> text(v.clvPercentile())))
                .param("tiers", text(rows, StoredValue::tier))
                .param("quadrants", text(rows, StoredValue::quadrant))
                .param("churn", text(rows, v -> text(v.churnRisk())))
                .param("stages", text(rows, StoredValue::stage))
                .param("reasons", text(rows, StoredValue::stageReason))
                .param("at", text(rows, v -> v.updatedAt().toString()))
                .update();
    }

    /**
     * A large batch (a full run's): copied into the session's staging table, upserted from there and the staging
     * emptied again; false when the connection cannot copy.
     */
    private boolean copyScores(List<StoredValue> rows) {
        return template.execute((ConnectionCallback<Integer>) c -> BinaryCopy.throughStaging(
                        c,
                        "customer_value_incoming",
                        STAGING,
                        COLUMNS,
                        copy -> {
                            for (StoredValue v : rows) {
                                copy.row(16)
                                        .uuid(v.customerId())
                                        .int2(v.recencyScore())
                                        .int2(v.frequencyScore())
                                        .int2(v.monetaryScore())
                                        .text(v.rfmSegment())
                                        .float8(v.pAlive())
                                        .float8(v.expectedPurchases())
                                        .float8(v.expectedSpend())
                                        .float8(v.clv())
                                        .float8(v.clvPercentile())
                                        .text(v.tier())
                                        .text(v.quadrant())
                                        .float8(v.churnRisk())
                                        .text(v.stage())
                                        .text(v.stageReason())
                                        .timestamptz(v.updatedAt());
                            }
                        },
                        s -> s.executeUpdate(UPSERT_STAGED)))
                != null;
    }

    /** Double.toString and Short.toString give text that PostgreSQL parses back to the same value. */
    private static String text(Object number) {
        return number == null ? null : number.toString();
    }

    private static <T> SqlArrayValue text(List<T> rows, Function<T, String> column) {
        return new SqlArrayValue("text", rows.stream().map(column).toArray());
    }

    /** A move between lifecycle stages ({@code from} null for the first stage). */
    public record StageMove(UUID customerId, String from, String to, Instant at) {}

    /** Logs stage moves in one statement. */
    public void stageMovedAll(List<StageMove> moves) {
        if (moves.isEmpty()) {
            return;
        }
        if (moves.size() >= COPY_FROM && copyMoves(moves)) {
            return;
        }
        jdbc.sql("""
                insert into stage_transition (customer_id, from_stage, to_stage, at, day)
                select cast(id as uuid), from_stage, to_stage, cast(at as timestamptz),
                       cast(cast(at as timestamptz) at time zone 'UTC' as date)
                from unnest(:ids, :froms, :tos, :ats) as m(id, from_stage, to_stage, at)""")
                .param("ids", text(moves, m -> m.customerId().toString()))
                .param("froms", text(moves, StageMove::from))
                .param("tos", text(moves, StageMove::to))
                .param("ats", text(moves, m -> m.at().toString()))
                .update();
    }

    /** A large batch of moves copied straight into the log; false when the connection cannot copy. */
    private boolean copyMoves(List<StageMove> moves) {
        return Boolean.TRUE.equals(template.execute((ConnectionCallback<Boolean>) c -> BinaryCopy.copy(
                c,
                "copy stage_transition (customer_id, from_stage, to_stage, at, day) from stdin (format binary)",
                copy -> {
                    for (StageMove m : moves) {
                        copy.row(5)
                                .uuid(m.customerId())
                                .text(m.from())
                                .text(m.to())
                                .timestamptz(m.at())
                                .date(m.at().atZone(ZoneOffset.UTC).toLocalDate());
                    }
                })));
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
