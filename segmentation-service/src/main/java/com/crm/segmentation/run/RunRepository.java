package com.crm.segmentation.run;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Runs ({@code segmentation_run}) and the population a run loads from the projections. */
@Repository
class RunRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    RunRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.template.setFetchSize(10_000);
    }

    /** Marks FAILED every RUNNING row older than {@code after}: its replica died mid-run. */
    void abandonStale(Duration after) {
        jdbc.sql("""
                update segmentation_run set status = 'FAILED', error = 'abandoned (no progress)', finished_at = now()
                where status = 'RUNNING' and started_at < now() - make_interval(secs => :secs)""").param("secs", after.toSeconds()).update();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when a run is already RUNNING */
    void insertRunning(UUID id, String trigger, LocalDate calibrationEnd) {
        jdbc.sql("""
                insert into segmentation_run (id, status, trigger, calibration_end, phase, progress, started_at)
                values (:id, 'RUNNING', :trigger, :end, 'queued', 0, now())""")
                .param("id", id)
                .param("trigger", trigger)
                .param("end", calibrationEnd)
                .update();
    }

    Optional<RunView> find(UUID id) {
        return jdbc.sql("select * from segmentation_run where id = :id")
                .param("id", id)
                .query(RunRepository::map)
                .optional();
    }

    List<RunView> history(int limit) {
        return jdbc.sql("select * from segmentation_run order by started_at desc, id desc limit :limit")
                .param("limit", limit)
                .query(RunRepository::map)
                .list();
    }

    void progress(UUID id, String phase, double progress) {
        jdbc.sql("update segmentation_run set phase = :phase, progress = :progress where id = :id")
                .param("phase", phase)
                .param("progress", progress)
                .param("id", id)
                .update();
    }

    void succeeded(UUID id, RunService.Result result, long durationMs) {
        var thresholds = result.thresholds();
        jdbc.sql("""
                update segmentation_run set status = 'SUCCEEDED', phase = 'done', progress = 1,
                    customers = :customers, stage_changes = :stages, tier_changes = :tiers,
                    tier_s_min = :s, tier_a_min = :a, tier_b_min = :b,
                    finished_at = now(), duration_ms = :ms where id = :id""")
                .param("customers", result.customers())
                .param("stages", result.stageChanges())
                .param("tiers", result.tierChanges())
                .param("s", thresholds == null ? null : thresholds.sMin())
                .param("a", thresholds == null ? null : thresholds.aMin())
                .param("b", thresholds == null ? null : thresholds.bMin())
                .param("ms", durationMs)
                .param("id", id)
                .update();
    }

    void failed(UUID id, String error, long durationMs) {
        jdbc.sql("""
                update segmentation_run set status = 'FAILED', error = :error, finished_at = now(),
                    duration_ms = :ms where id = :id""")
                .param("error", error)
                .param("ms", durationMs)
                .param("id", id)
                .update();
    }

    /**
     * Lets this transaction's statements sort and hash in memory: the histories group every purchase twice, which
     * spills to disk with the default 4 MB at a million customers.
     */
    void bulkWorkMem() {
        jdbc.sql("set local work_mem = '256MB'").update();
    }

    /**
     * Every buyer's history up to {@code end}, streamed (fetch size: PostgreSQL uses a cursor only inside a
     * transaction). From the consumers' per-customer metrics when {@code fromMetrics} (they {@linkplain #metricsCover
     * cover} {@code end}: a run as of today, one row per customer), else by grouping the ledger; erased customers'
     * purchases, kept under random ids for the fits only, always from the ledger.
     */
    List<CustomerHistory> histories(LocalDate end, boolean fromMetrics) {
        return histories(
                fromMetrics
                        ? FROM_METRICS + "\nunion all\n" + FROM_LEDGER.formatted("anonymous and day <= ?")
                        : FROM_LEDGER.formatted("day <= ?"),
                end);
    }

    private List<CustomerHistory> histories(String sql, LocalDate end) {
        List<CustomerHistory> histories = new ArrayList<>();
        template.query(
                sql,
                rs -> {
                    String status = rs.getString("status");
                    histories.add(new CustomerHistory(
                            rs.getObject("customer_id", UUID.class),
                            rs.getObject("first_day", LocalDate.class),
                            rs.getObject("last_day", LocalDate.class),
                            rs.getInt("days"),
                            rs.getDouble("total"),
                            rs.getDouble("repeat_mean"),
                            rs.getInt("interactions"),
                            rs.getInt("complaints"),
                            rs.getObject("detractor", Boolean.class),
                            !rs.getBoolean("anonymous") && (status == null || "ACTIVE".equals(status))));
                },
                Date.valueOf(end));
        return histories;
    }

    /** Whether the metrics hold no ledger day after {@code end}, so that they are the histories as of {@code end}. */
    boolean metricsCover(LocalDate end) {
        return jdbc.sql("select coalesce(max(ledger_last_day) <= :end, true) from customer_metrics")
                .param("end", end)
                .query(Boolean.class)
                .single();
    }

    /** The buyers' histories as the purchase consumers keep them (V19), with their recent signals. */
    private static final String FROM_METRICS = """
            select m.customer_id, m.first_purchase_at as first_day, m.last_purchase_at as last_day,
                   m.purchase_days as days, m.purchase_day_spend as total,
                   coalesce(m.repeat_mean_spend, 0) as repeat_mean, false as anonymous,
                   m.recent_interactions as interactions, m.recent_complaints as complaints, m.detractor, p.status
            from customer_metrics m
            left join customer_profile p on p.customer_id = m.customer_id
            where m.purchase_days > 0""";

    /** The histories grouped from the ledger rows that match the condition (a day bound parameter). */
    private static final String FROM_LEDGER = """
            (with days as (
                select customer_id, day, sum(amount) as amount, bool_or(anonymous) as anonymous
                from purchase where %s
                group by customer_id, day having bool_or(kind = 'PURCHASE')),
            ranked as (
                select customer_id, day, amount, anonymous,
                       row_number() over (partition by customer_id order by day) as rn
                from days),
            summary as (
                select customer_id, min(day) as first_day, max(day) as last_day, count(*) as days,
                       sum(amount) as total, coalesce(avg(amount) filter (where rn > 1), 0) as repeat_mean,
                       bool_or(anonymous) as anonymous
                from ranked group by customer_id)
            select s.customer_id, s.first_day, s.last_day, s.days, s.total, s.repeat_mean, s.anonymous,
                   coalesce(m.recent_interactions, 0) as interactions,
                   coalesce(m.recent_complaints, 0) as complaints, m.detractor, p.status
            from summary s
            left join customer_metrics m on m.customer_id = s.customer_id
            left join customer_profile p on p.customer_id = s.customer_id)""";

    /**
     * Active customers without a purchase up to {@code end}: those without a purchase day in their metrics when
     * {@code fromMetrics} (as for {@link #histories}), else looked up in the ledger.
     */
    List<UUID> prospects(LocalDate end, boolean fromMetrics) {
        String bought = fromMetrics
                ? "select 1 from customer_metrics m where m.customer_id = p.customer_id and m.purchase_days > 0"
                : """
                        select 1 from purchase u where u.customer_id = p.customer_id and u.kind = 'PURCHASE'
                          and u.day <= :end""";
        return jdbc.sql("select p.customer_id from customer_profile p where p.status = 'ACTIVE' and not exists ("
                        + bought + ")")
                .param("end", end)
                .query(UUID.class)
                .list();
    }

    private static RunView map(ResultSet rs, int n) throws SQLException {
        return new RunView(
                rs.getObject("id", UUID.class),
                rs.getString("status"),
                rs.getString("trigger"),
                rs.getObject("calibration_end", LocalDate.class),
                rs.getString("phase"),
                rs.getDouble("progress"),
                rs.getObject("customers", Integer.class),
                rs.getObject("stage_changes", Integer.class),
                rs.getObject("tier_changes", Integer.class),
                rs.getObject("tier_s_min", Double.class),
                rs.getObject("tier_a_min", Double.class),
                rs.getObject("tier_b_min", Double.class),
                rs.getString("error"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at") == null
                        ? null
                        : rs.getTimestamp("finished_at").toInstant(),
                rs.getObject("duration_ms", Long.class));
    }
}
