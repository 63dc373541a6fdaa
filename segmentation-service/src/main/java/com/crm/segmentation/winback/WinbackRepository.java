package com.crm.segmentation.winback;

import com.crm.support.access.SqlCondition;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Lapse episodes and their returns (from {@code stage_transition}, {@code purchase} and the competitor marks), the
 * ranked candidates and the marks themselves ({@code winback_competitor_mark}).
 */
@Repository
class WinbackRepository {

    /** A move into DECLINING or CHURNED from any other stage starts a lapse (matches the partial index). */
    private static final String LAPSE_ENTRY = "t.to_stage in ('DECLINING', 'CHURNED') "
            + "and (t.from_stage is null or t.from_stage not in ('DECLINING', 'CHURNED'))";

    private static final String HORIZON = "(cast(:horizonDays as int) * interval '1 day')";

    /** The group key of {@link ReturnModel#key}, from purchase days, tenure days and the competitor flag. */
    private static final String GROUP = """
            concat_ws('|',
                case when coalesce(%1$s, 0) <= 1 then '1' when %1$s <= 4 then '2-4' else '5+' end,
                case when coalesce(%2$s, 0) < 365 then '<1y' when %2$s < 1095 then '1-3y' else '3y+' end,
                cast(%3$s as varchar))""";

    /**
     * Every lapse episode: each entry into DECLINING/CHURNED, and each competitor mark without such an entry within a
     * horizon of it (a customer an agent saw leave before the scores did). Lost to a competitor when a mark lies
     * within a horizon of the lapse. Returned when a purchase follows within the horizon.
     */
    private static final String EPISODES = """
            lapse as (
                select t.customer_id, t.at as started, false as mark_only from stage_transition t
                where %1$s and t.at >= :since and t.at < :until
                union all
                select w.customer_id, w.marked_at, true from winback_competitor_mark w
                where w.marked_at >= :since and w.marked_at < :until
                  and not exists (select 1 from stage_transition t where t.customer_id = w.customer_id and %1$s
                                  and t.at between w.marked_at - %2$s and w.marked_at + %2$s)),
            episode as (
                select l.customer_id, l.started,
                       l.mark_only or exists (select 1 from winback_competitor_mark w
                           where w.customer_id = l.customer_id
                             and w.marked_at between l.started - %2$s and l.started + %2$s) as competitor,
                       b.purchase_days, cast(l.started at time zone 'UTC' as date) - b.first_day as tenure_days,
                       exists (select 1 from purchase u where u.customer_id = l.customer_id and u.kind = 'PURCHASE'
                               and u.occurred_at > l.started and u.occurred_at <= l.started + %2$s) as returned
                from lapse l
                cross join lateral (
                    select count(distinct u.day) as purchase_days, min(u.day) as first_day from purchase u
                    where u.customer_id = l.customer_id and u.kind = 'PURCHASE' and u.occurred_at <= l.started) b)
            """.formatted(LAPSE_ENTRY, HORIZON);

    private static final String RATES =
            """
            with %s
            select %s as grp, count(*) as lapsed, count(*) filter (where returned) as returned
            from episode group by 1""".formatted(EPISODES, GROUP.formatted("purchase_days", "tenure_days", "competitor"));

    private static final String REPORT = """
            with %s
            select %%s as grp, count(*) as lapsed, count(*) filter (where returned) as returned
            from episode e where %%s group by 1 order by 1""".formatted(EPISODES);

    /**
     * Lapses by what was done about them before they came back, with a {@code none} row for lapses without any (the
     * baseline each row is read against; a lapse with two counts under both). Each lapse's first purchase back
     * within the horizon bounds what is credited: something done after the return cannot have caused it.
     */
    private static final String REPORT_BY_TREATMENT = """
            with %1$s,
            first_return as (
                select e.customer_id, e.started, e.returned,
                       coalesce((select min(u.occurred_at) from purchase u where u.customer_id = e.customer_id
                                   and u.kind = 'PURCHASE' and u.occurred_at > e.started
                                   and u.occurred_at <= e.started + %2$s), e.started + %2$s) as credit_until
                from episode e),
            treated as (select distinct r.customer_id, r.started, r.returned, %%1$s as grp from first_return r %%2$s),
            by_treatment as (
                select customer_id, started, returned, grp from treated
                union all
                select r.customer_id, r.started, r.returned, 'none' from first_return r
                where not exists (select 1 from treated t where t.customer_id = r.customer_id
                                  and t.started = r.started))
            select e.grp, count(*) as lapsed, count(*) filter (where e.returned) as returned
            from by_treatment e where %%3$s group by 1 order by 1""".formatted(EPISODES, HORIZON);

    /** What a report credits a return to. */
    enum Treatment {
        /** A coupon campaign loyalty-service issued to the customer after the lapse began. */
        OFFER("coalesce(c.campaign, '(no campaign)')", """
                join loyalty_coupon c on c.customer_id = r.customer_id and c.issued_at > r.started
                 and c.issued_at <= r.credit_until"""),
        /**
         * A static list the customer is on, put there before their return (a win-back list filled from the
         * candidates, or any list): its name. Dynamic segments are left out: a customer who comes back leaves the
         * segments that held them as lapsed, and membership is not historised.
         */
        LIST("s.name", """
                join segment_member m on m.customer_id = r.customer_id and m.joined_at <= r.credit_until
                join segment s on s.id = m.segment_id and s.kind = 'STATIC' and s.archived_at is null""");

        private final String group;
        private final String join;

        Treatment(String group, String join) {
            this.group = group;
            this.join = join;
        }
    }

    private static final String CANDIDATES = """
            with marks as (
                select w.* from winback_competitor_mark w
                where not exists (select 1 from purchase u where u.customer_id = w.customer_id and u.kind = 'PURCHASE'
                                  and u.occurred_at > w.marked_at)),
            lapsed as (
                select customer_id from customer_value where stage in ('DECLINING', 'CHURNED')
                union select customer_id from marks),
            candidate as (
                select l.customer_id, v.stage as value_stage, v.tier, v.clv, m.purchase_days, m.first_purchase_at,
                       m.last_purchase_at, w.competitor, w.marked_at,
                       coalesce(case when v.stage in ('DECLINING', 'CHURNED') then
                                    (select max(t.at) from stage_transition t
                                     where t.customer_id = l.customer_id and %1$s) end,
                                w.marked_at,
                                cast(m.last_purchase_at as timestamp) at time zone 'UTC') as lapsed_at
                from lapsed l
                join customer_profile p on p.customer_id = l.customer_id and p.status = 'ACTIVE'
                left join customer_value v on v.customer_id = l.customer_id
                left join customer_metrics m on m.customer_id = l.customer_id
                left join marks w on w.customer_id = l.customer_id
                where not exists (select 1 from customer_purpose cp where cp.customer_id = l.customer_id
                                  and cp.purpose = 'PROFILING' and cp.channel = 'ALL' and cp.status <> 'GRANTED')
                  and not exists (select 1 from customer_risk r where r.customer_id = l.customer_id and r.held)
                  and %2$s
                  and (cast(:stage as varchar) is null
                       or (cast(:stage as varchar) = 'LOST_TO_COMPETITOR' and w.customer_id is not null)
                       or v.stage = cast(:stage as varchar))
                  and (cast(:competitor as varchar) is null or lower(w.competitor) = lower(cast(:competitor as varchar)))),
            valued as (
                select c.*,
                       greatest(coalesce((select sum(u.amount) from purchase u where u.customer_id = c.customer_id
                                          and u.day between c.last_purchase_at - 364 and c.last_purchase_at), 0), 0)
                           as value_before,
                       %3$s as grp
                from candidate c),
            scored as (
                select v.*, r.p, round(v.value_before * cast(coalesce(r.p, 1) as numeric), 4) as score
                from valued v left join (%4$s) r on r.grp = v.grp)
            select * from scored
            where cast(:afterScore as numeric) is null
               or (score, customer_id) < (cast(:afterScore as numeric), cast(:afterId as uuid))
            order by score desc, customer_id desc limit :limit""";

    /** A stored mark. */
    record Mark(
            UUID customerId, String competitor, String note, String markedBy, Instant markedAt, Instant updatedAt) {}

    /** One ranked row before its reason is written. */
    record Row(
            UUID customerId,
            String stage,
            String competitor,
            Instant lapsedAt,
            String tier,
            Double clv,
            BigDecimal valueBefore,
            LocalDate lastPurchase,
            String group,
            BigDecimal score) {}

    /** A count of lapses and returns in one group of a report. */
    record Cohort(String group, long lapsed, long returned) {}

    private final JdbcClient jdbc;

    WinbackRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Lapses and returns per group over the lapses that started in {@code [since, until)}. */
    Map<String, ReturnModel.Counts> rates(Instant since, Instant until) {
        Map<String, ReturnModel.Counts> counts = new HashMap<>();
        jdbc.sql(RATES)
                .param("since", Timestamp.from(since))
                .param("until", Timestamp.from(until))
                .param("horizonDays", ReturnModel.HORIZON_DAYS)
                .query(rs -> {
                    counts.put(
                            rs.getString("grp"), new ReturnModel.Counts(rs.getLong("returned"), rs.getLong("lapsed")));
                });
        return counts;
    }

    /**
     * Candidates ranked by value at stake, after {@code (afterScore, afterId)} when given, within {@code visible}
     * (over {@code p.customer_id}); {@code rates} are the probabilities per group.
     */
    List<Row> candidates(
            List<ReturnModel.Rate> rates,
            String stage,
            String competitor,
            BigDecimal afterScore,
            UUID afterId,
            int limit,
            SqlCondition visible) {
        StringBuilder values = new StringBuilder();
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < rates.size(); i++) {
            values.append(i == 0 ? "values " : ", ")
                    .append("(cast(:g%d as varchar), cast(:p%d as double precision))".formatted(i, i));
            params.put("g" + i, rates.get(i).group());
            params.put("p" + i, rates.get(i).probability());
        }
        String table = "select * from (" + values + ") as r(grp, p)";
        return jdbc.sql(CANDIDATES.formatted(
                        LAPSE_ENTRY,
                        visible.clause(),
                        GROUP.formatted(
                                "c.purchase_days",
                                "(cast(c.lapsed_at at time zone 'UTC' as date) - c.first_purchase_at)",
                                "c.competitor is not null"),
                        table))
                .params(params)
                .params(visible.params())
                .param("stage", stage)
                .param("competitor", competitor)
                .param("afterScore", afterScore)
                .param("afterId", afterId)
                .param("limit", limit)
                .query(WinbackRepository::row)
                .list();
    }

    /** How a report groups lapses. */
    enum Dimension {
        MONTH("to_char(e.started at time zone 'UTC', 'YYYY-MM')"),
        FEATURES(WinbackRepository.GROUP.formatted("e.purchase_days", "e.tenure_days", "e.competitor")),
        COMPETITOR("coalesce((select w.competitor from winback_competitor_mark w "
                + "where w.customer_id = e.customer_id and e.competitor), 'none')");

        private final String expression;

        Dimension(String expression) {
            this.expression = expression;
        }
    }

    /**
     * Lapses that started in {@code [from, to)} within {@code visible} (over {@code e.customer_id}) and how many came
     * back within the horizon, by {@code dimension}.
     */
    List<Cohort> report(Dimension dimension, Instant from, Instant to, SqlCondition visible) {
        return cohorts(REPORT.formatted(dimension.expression, visible.clause()), from, to, visible);
    }

    /** Lapses that started in {@code [from, to)} within {@code visible}, by {@code treatment} before their return. */
    List<Cohort> reportBy(Treatment treatment, Instant from, Instant to, SqlCondition visible) {
        return cohorts(
                REPORT_BY_TREATMENT.formatted(treatment.group, treatment.join, visible.clause()), from, to, visible);
    }

    private List<Cohort> cohorts(String sql, Instant from, Instant to, SqlCondition visible) {
        return jdbc.sql(sql)
                .params(visible.params())
                .param("since", Timestamp.from(from))
                .param("until", Timestamp.from(to))
                .param("horizonDays", ReturnModel.HORIZON_DAYS)
                .query((rs, n) -> new Cohort(rs.getString("grp"), rs.getLong("lapsed"), rs.getLong("returned")))
                .list();
    }

    /** Whether the customer is known here and active. */
    boolean active(UUID customerId) {
        return jdbc.sql("select exists (select 1 from customer_profile where customer_id = :c and status = 'ACTIVE')")
                .param("c", customerId)
                .query(Boolean.class)
                .single();
    }

    Optional<Mark> mark(UUID customerId) {
        return jdbc.sql("select * from winback_competitor_mark where customer_id = :c")
                .param("c", customerId)
                .query((rs, n) -> new Mark(
                        rs.getObject("customer_id", UUID.class),
                        rs.getString("competitor"),
                        rs.getString("note"),
                        rs.getString("marked_by"),
                        rs.getTimestamp("marked_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant()))
                .optional();
    }

    /** Whether the customer bought after {@code at} (a return after a mark). */
    boolean purchasedAfter(UUID customerId, Instant at) {
        return jdbc.sql("""
                select exists (select 1 from purchase where customer_id = :c and kind = 'PURCHASE'
                               and occurred_at > :at)""")
                .param("c", customerId)
                .param("at", Timestamp.from(at))
                .query(Boolean.class)
                .single();
    }

    void saveMark(Mark mark) {
        jdbc.sql("""
                insert into winback_competitor_mark (customer_id, competitor, note, marked_by, marked_at, updated_at)
                values (:c, :competitor, :note, :by, :at, :updated)
                on conflict (customer_id) do update set competitor = excluded.competitor, note = excluded.note,
                    marked_by = excluded.marked_by, marked_at = excluded.marked_at, updated_at = excluded.updated_at""")
                .param("c", mark.customerId())
                .param("competitor", mark.competitor())
                .param("note", mark.note())
                .param("by", mark.markedBy())
                .param("at", Timestamp.from(mark.markedAt()))
                .param("updated", Timestamp.from(mark.updatedAt()))
                .update();
    }

    boolean deleteMark(UUID customerId) {
        return jdbc.sql("delete from winback_competitor_mark where customer_id = :c")
                        .param("c", customerId)
                        .update()
                > 0;
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        String stage = rs.getString("value_stage");
        String competitor = rs.getString("competitor");
        Timestamp lapsed = rs.getTimestamp("lapsed_at");
        Date last = rs.getDate("last_purchase_at");
        double clvValue = rs.getDouble("clv");
        Double clv = rs.wasNull() ? null : clvValue;
        return new Row(
                rs.getObject("customer_id", UUID.class),
                "DECLINING".equals(stage) || "CHURNED".equals(stage) ? stage : "LOST_TO_COMPETITOR",
                competitor,
                lapsed == null ? null : lapsed.toInstant(),
                rs.getString("tier"),
                clv,
                rs.getBigDecimal("value_before"),
                last == null ? null : last.toLocalDate(),
                rs.getString("grp"),
                rs.getBigDecimal("score"));
    }
}
