package com.crm.segmentation.kpi;

import com.crm.contracts.events.segmentation.KpiAnomalyDetected;
import com.crm.segmentation.model.KpiBand;
import com.crm.support.outbox.EventOutbox;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Daily KPI series from the service's projections, each day's normal band from the same weekday of the previous
 * weeks, and anomalies: a day outside its band is stored once per (KPI, day) — the insert that claims it records
 * {@code crm.kpi.anomaly} in the same transaction, so recomputes and concurrent replicas never emit twice.
 */
@Service
public class KpiService {

    private static final Logger log = LoggerFactory.getLogger(KpiService.class);

    public record Point(LocalDate day, String value, String median, String low, String high, String anomaly) {
    }

    public record Anomaly(String kpi, LocalDate day, String value, String low, String high, String median,
                          String direction) {
    }

    public record Recompute(LocalDate from, LocalDate to, int values, List<Anomaly> anomalies) {
    }

    private final JdbcClient jdbc;
    private final EventOutbox outbox;
    private final KpiProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    KpiService(JdbcClient jdbc, EventOutbox outbox, KpiProperties properties, Clock clock,
               TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** Yesterday (UTC), the last complete day, every day. */
    @Scheduled(cron = "${crm.segmentation.kpis.cron:0 15 0 * * *}", zone = "UTC")
    void scheduled() {
        LocalDate yesterday = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        Recompute r = recompute(yesterday, yesterday);
        log.info("KPI watch {}: {} anomalies", yesterday, r.anomalies().size());
    }

    /**
     * Recomputes the series over {@code [from, to]} and the history its bands need, then checks each day of
     * {@code [from, to]} against its band.
     */
    public Recompute recompute(LocalDate from, LocalDate to) {
        LocalDate historyFrom = from.minusWeeks(properties.weeks());
        return transactions.execute(tx -> {
            // one recompute at a time (scheduler and admin trigger, any replica): the series are rewritten
            jdbc.sql("select pg_advisory_xact_lock(7346512901)").query().singleRow();
            int values = 0;
            List<Anomaly> anomalies = new ArrayList<>();
            for (Kpi kpi : Kpi.values()) {
                Map<LocalDate, Double> series = series(kpi, historyFrom, to);
                jdbc.sql("delete from kpi_value where kpi = :kpi and day between :from and :to")
                        .param("kpi", kpi.id()).param("from", historyFrom).param("to", to).update();
                for (LocalDate day = historyFrom; !day.isAfter(to); day = day.plusDays(1)) {
                    Double value = series.get(day);
                    if (value == null) {
                        continue;
                    }
                    KpiBand band = day.isBefore(from) ? null : band(kpi, day, series);
                    jdbc.sql("""
                            insert into kpi_value (kpi, day, value, median, low, high, computed_at)
                            values (:kpi, :day, :value, :median, :low, :high, now())""")
                            .param("kpi", kpi.id()).param("day", day).param("value", value)
                            .param("median", band == null ? null : band.median())
                            .param("low", band == null ? null : band.low())
                            .param("high", band == null ? null : band.high()).update();
                    values++;
                    String direction = band == null ? null : band.direction(value);
                    if (direction != null) {
                        anomaly(kpi, day, value, band, direction, anomalies);
                    }
                }
            }
            return new Recompute(from, to, values, anomalies);
        });
    }

    private KpiBand band(Kpi kpi, LocalDate day, Map<LocalDate, Double> series) {
        List<Double> history = new ArrayList<>();
        for (int w = 1; w <= properties.weeks(); w++) {
            Double v = series.get(day.minusWeeks(w));
            if (v != null) {
                history.add(v);
            }
        }
        if (history.size() < properties.minHistory()) {
            return null;
        }
        double[] values = history.stream().mapToDouble(Double::doubleValue).toArray();
        double median = KpiBand.of(values, properties.k(), 0).median();
        double floor = Math.max(kpi.count() ? properties.minCountWidth() : 0,
                properties.minRelativeWidth() * Math.abs(median));
        return KpiBand.of(values, properties.k(), floor);
    }

    private void anomaly(Kpi kpi, LocalDate day, double value, KpiBand band, String direction,
                         List<Anomaly> anomalies) {
        int inserted = jdbc.sql("""
                insert into kpi_anomaly (kpi, day, value, median, low, high, direction, detected_at)
                values (:kpi, :day, :value, :median, :low, :high, :direction, :now) on conflict do nothing""")
                .param("kpi", kpi.id()).param("day", day).param("value", value).param("median", band.median())
                .param("low", band.low()).param("high", band.high()).param("direction", direction)
                .param("now", Timestamp.from(clock.instant())).update();
        if (inserted == 1) {
            Anomaly a = new Anomaly(kpi.id(), day, num(value), num(band.low()), num(band.high()),
                    num(band.median()), direction);
            anomalies.add(a);
            outbox.append(new KpiAnomalyDetected(KpiAnomalyDetected.keyOf(kpi.id()), kpi.id(), day, a.value(),
                    a.low(), a.high(), a.median(), direction));
        }
    }

    /** The KPI's value per day in {@code [from, to]}; count KPIs have 0 on days without events. */
    Map<LocalDate, Double> series(Kpi kpi, LocalDate from, LocalDate to) {
        Timestamp fromTs = Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp toTs = Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        String sql = switch (kpi) {
            case NEW_CUSTOMERS -> """
                    select cast(created_at at time zone 'UTC' as date) as day, count(*) as value from customer_profile
                    where created_at >= :fromTs and created_at < :toTs group by 1""";
            case ACTIVE_CUSTOMERS -> """
                    select cast(g as date) as day, (select count(distinct customer_id) from purchase
                        where kind = 'PURCHASE' and not anonymous and day <= cast(g as date)
                          and day > cast(g as date) - :window) as value
                    from generate_series(cast(:from as date), cast(:to as date), interval '1 day') g""";
            case CHURNED -> """
                    select day, count(*) as value from stage_transition
                    where to_stage = 'CHURNED' and day between :from and :to group by day""";
            case REVENUE -> """
                    select day, sum(amount) as value from purchase where day between :from and :to group by day""";
            case REPEAT_PURCHASE_RATE -> """
                    select b.day, avg(case when exists (select 1 from purchase q where q.customer_id = b.customer_id
                                and q.kind = 'PURCHASE' and q.day < b.day) then 1.0 else 0.0 end) as value
                    from (select distinct customer_id, day from purchase
                          where kind = 'PURCHASE' and day between :from and :to) b group by b.day""";
            case NPS -> """
                    select cast(occurred_at at time zone 'UTC' as date) as day,
                           100.0 * (count(*) filter (where nps_category = 'promoter')
                                    - count(*) filter (where nps_category = 'detractor')) / count(*) as value
                    from feedback_signal where kind = 'NPS' and nps_category is not null
                      and occurred_at >= :fromTs and occurred_at < :toTs group by 1""";
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
        jdbc.sql(sql).param("from", Date.valueOf(from)).param("to", Date.valueOf(to)).param("fromTs", fromTs)
                .param("toTs", toTs).param("kpi", kpi.id()).param("window", properties.activeWindowDays())
                .query((rs, n) -> {
                    series.put(rs.getObject("day", LocalDate.class), rs.getDouble("value"));
                    return null;
                }).list();
        return series;
    }

    public List<Point> points(Kpi kpi, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select v.*, a.direction from kpi_value v
                left join kpi_anomaly a on a.kpi = v.kpi and a.day = v.day
                where v.kpi = :kpi and v.day between :from and :to order by v.day""")
                .param("kpi", kpi.id()).param("from", from).param("to", to)
                .query((rs, n) -> new Point(rs.getObject("day", LocalDate.class), num(rs.getDouble("value")),
                        num(rs.getObject("median", Double.class)), num(rs.getObject("low", Double.class)),
                        num(rs.getObject("high", Double.class)), rs.getString("direction"))).list();
    }

    public java.util.Optional<Point> latest(Kpi kpi) {
        return jdbc.sql("select day from kpi_value where kpi = :kpi order by day desc limit 1").param("kpi", kpi.id())
                .query(LocalDate.class).optional().flatMap(day -> points(kpi, day, day).stream().findFirst());
    }

    static String num(Double v) {
        return v == null ? null : BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }
}
