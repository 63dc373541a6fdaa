package com.crm.segmentation.kpi;

import com.crm.segmentation.model.KpiBand;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** KPI series ({@code kpi_value}), anomalies ({@code kpi_anomaly}) and the projections each KPI is computed from. */
@Repository
class KpiRepository {

    /** One day's value with its band, null before the band's history is there. */
    record DayValue(LocalDate day, double value, KpiBand band) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    KpiRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
    }

    /** Serialises recomputes (scheduler and admin trigger, any replica) until the caller's transaction ends. */
    void lockRecompute() {
        jdbc.sql("select pg_advisory_xact_lock(7346512901)").query().singleRow();
    }

    /** Replaces the KPI's stored values of {@code [from, to]} (one batch). */
    void replace(Kpi kpi, LocalDate from, LocalDate to, List<DayValue> values) {
        jdbc.sql("delete from kpi_value where kpi = :kpi and day between :from and :to")
                .param("kpi", kpi.id())
                .param("from", from)
                .param("to", to)
                .update();
        template.batchUpdate(
                """
                insert into kpi_value (kpi, day, value, median, low, high, computed_at)
                values (?, ?, ?, ?, ?, ?, now())""",
                values.stream()
                        .map(v -> new Object[] {
                            kpi.id(),
                            Date.valueOf(v.day()),
                            v.value(),
                            v.band() == null ? null : v.band().median(),
                            v.band() == null ? null : v.band().low(),
                            v.band() == null ? null : v.band().high()
                        })
                        .toList());
    }

    /** Claims the anomaly of (kpi, day); false when it was recorded before. */
    boolean claimAnomaly(Kpi kpi, LocalDate day, double value, KpiBand band, String direction, Instant at) {
        return jdbc.sql("""
                insert into kpi_anomaly (kpi, day, value, median, low, high, direction, detected_at)
                values (:kpi, :day, :value, :median, :low, :high, :direction, :now) on conflict do nothing""")
                        .param("kpi", kpi.id())
                        .param("day", day)
                        .param("value", value)
                        .param("median", band.median())
                        .param("low", band.low())
                        .param("high", band.high())
                        .param("direction", direction)
                        .param("now", Timestamp.from(at))
                        .update()
                == 1;
    }

    /** The KPI's value per day in {@code [from, to]}; count KPIs and revenue have 0 on days without events. */
    Map<LocalDate, Double> series(Kpi kpi, LocalDate from, LocalDate to, int activeWindowDays) {
        Timestamp fromTs = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp toTs =
                Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        String sql = switch (kpi) {
            case NEW_CUSTOMERS -> """
                    select cast(created_at at time zone 'UTC' as date) as day, count(*) as value from customer_profile
                    where created_at >= :fromTs and created_at < :toTs group by 1""";
            // one pass over the ledger: each purchase day adds the days it makes the customer active that an earlier
            // purchase day did not already cover, as +1/-1 steps; a running sum of the steps counts the actives
            case ACTIVE_CUSTOMERS -> """
                    with buys as (
                        select distinct customer_id, day from purchase
                        where kind = 'PURCHASE' and not anonymous and day <= :to and day > cast(:from as date) - :window),
                    spans as (
                        select greatest(day, coalesce(lag(day) over (partition by customer_id order by day) + :window,
                                                      day)) as starts,
                               day + :window as ends
                        from buys),
                    steps as (
                        select starts as day, 1 as delta from spans
                        union all select ends, -1 from spans
                        union all select cast(g as date), 0
                        from generate_series(cast(:from as date), cast(:to as date), interval '1 day') g),
                    running as (
                        select day, sum(sum(delta)) over (order by day) as value from steps group by day)
                    select day, value from running where day between :from and :to""";
            case CHURNED -> """
                    select day, count(*) as value from stage_transition
                    where to_stage = 'CHURNED' and day between :from and :to group by day""";
            case REVENUE -> """
                    select day, sum(amount) as value from purchase where day between :from and :to group by day""";
            // a buyer had bought on an earlier day exactly when their first purchase day is earlier: one pass over
            // the ledger instead of one lookup per buyer and day
            case REPEAT_PURCHASE_RATE -> """
                    with buyers as (
                        select distinct customer_id, day from purchase
                        where kind = 'PURCHASE' and day between :from and :to),
                    firsts as (
                        select customer_id, min(day) as first_day from purchase
                        where kind = 'PURCHASE' and day <= :to group by customer_id)
                    select b.day, avg(case when f.first_day < b.day then 1.0 else 0.0 end) as value
                    from buyers b join firsts f on f.customer_id = b.customer_id group by b.day""";
            case NPS -> """
                    select cast(occurred_at at time zone 'UTC' as date) as day,
                           100.0 * (count(*) filter (where nps_category = 'promoter')
                                    - count(*) filter (where nps_category = 'detractor')) / count(*) as value
                    from feedback_signal where kind = 'NPS' and nps_category is not null
                      and occurred_at >= :fromTs and occurred_at < :toTs group by 1""";
            // a running sum of every movement up to each day: the liability on days without movements too
            case POINTS_LIABILITY -> """
                    with steps as (
                        select day, sum(points) as delta from loyalty_movement where day <= :to group by day
                        union all select cast(g as date), 0
                        from generate_series(cast(:from as date), cast(:to as date), interval '1 day') g),
                    running as (
                        select day, sum(sum(delta)) over (order by day) as value from steps group by day)
                    select day, value from running where day between :from and :to""";
            case REDEMPTION_RATE -> """
                    select day, -1.0 * coalesce(sum(points) filter (where kind = 'REDEEMED'), 0)
                                / sum(points) filter (where kind = 'EARNED') as value
                    from loyalty_movement where day between :from and :to group by day
                    having sum(points) filter (where kind = 'EARNED') > 0""";
            case COMPLAINTS_OPENED, SLA_BREACHES, CONTACTS_REFUSED -> """
                    select day, count(*) as value from kpi_fact where kpi = :kpi and day between :from and :to
                    group by day""";
        };
        Map<LocalDate, Double> series = new HashMap<>();
        if (kpi.count() || kpi == Kpi.REVENUE) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                series.put(d, 0.0);
            }
        }
        jdbc.sql(sql)
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .param("fromTs", fromTs)
                .param("toTs", toTs)
                .param("kpi", kpi.id())
                .param("window", activeWindowDays)
                .query((rs, n) -> {
                    series.put(rs.getObject("day", LocalDate.class), rs.getDouble("value"));
                    return null;
                })
                .list();
        return series;
    }

    List<KpiService.Point> points(Kpi kpi, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select v.*, a.direction from kpi_value v
                left join kpi_anomaly a on a.kpi = v.kpi and a.day = v.day
                where v.kpi = :kpi and v.day between :from and :to order by v.day""")
                .param("kpi", kpi.id())
                .param("from", from)
                .param("to", to)
                .query(KpiRepository::point)
                .list();
    }

    Optional<LocalDate> latestDay(Kpi kpi) {
        return jdbc.sql("select day from kpi_value where kpi = :kpi order by day desc limit 1")
                .param("kpi", kpi.id())
                .query(LocalDate.class)
                .optional();
    }

    private static KpiService.Point point(ResultSet rs, int row) throws SQLException {
        return new KpiService.Point(
                rs.getObject("day", LocalDate.class),
                KpiService.num(rs.getDouble("value")),
                KpiService.num(rs.getObject("median", Double.class)),
                KpiService.num(rs.getObject("low", Double.class)),
                KpiService.num(rs.getObject("high", Double.class)),
                rs.getString("direction"));
    }
}
