package com.crm.segmentation.kpi;

import com.crm.contracts.events.segmentation.KpiAnomalyDetected;
import com.crm.segmentation.model.KpiBand;
import com.crm.support.outbox.EventOutbox;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    public record Point(LocalDate day, String value, String median, String low, String high, String anomaly) {}

    public record Anomaly(
            String kpi, LocalDate day, String value, String low, String high, String median, String direction) {}

    public record Recompute(LocalDate from, LocalDate to, int values, List<Anomaly> anomalies) {}

    private final KpiRepository repository;
    private final EventOutbox outbox;
    private final KpiProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;

    KpiService(
            KpiRepository repository,
            EventOutbox outbox,
            KpiProperties properties,
            Clock clock,
            TransactionTemplate transactions) {
        this.repository = repository;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** Yesterday (UTC), the last complete day, every day. */
    @Scheduled(cron = "${crm.segmentation.kpis.cron:0 15 0 * * *}", zone = "UTC")
    void scheduled() {
        LocalDate yesterday =
                clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
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
            // one recompute at a time: the series are rewritten
            repository.lockRecompute();
            int values = 0;
            List<Anomaly> anomalies = new ArrayList<>();
            for (Kpi kpi : Kpi.values()) {
                Map<LocalDate, Double> series = repository.series(kpi, historyFrom, to, properties.activeWindowDays());
                List<KpiRepository.DayValue> days = new ArrayList<>();
                for (LocalDate day = historyFrom; !day.isAfter(to); day = day.plusDays(1)) {
                    Double value = series.get(day);
                    if (value != null) {
                        days.add(new KpiRepository.DayValue(
                                day, value, day.isBefore(from) ? null : band(kpi, day, series)));
                    }
                }
                repository.replace(kpi, historyFrom, to, days);
                values += days.size();
                for (KpiRepository.DayValue d : days) {
                    String direction = d.band() == null ? null : d.band().direction(d.value());
                    if (direction != null) {
                        anomaly(kpi, d.day(), d.value(), d.band(), direction, anomalies);
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
        double floor = Math.max(
                kpi.count() ? properties.minCountWidth() : 0, properties.minRelativeWidth() * Math.abs(median));
        return KpiBand.of(values, properties.k(), floor);
    }

    private void anomaly(
            Kpi kpi, LocalDate day, double value, KpiBand band, String direction, List<Anomaly> anomalies) {
        if (repository.claimAnomaly(kpi, day, value, band, direction, clock.instant())) {
            Anomaly a = new Anomaly(
                    kpi.id(), day, num(value), num(band.low()), num(band.high()), num(band.median()), direction);
            anomalies.add(a);
            outbox.append(new KpiAnomalyDetected(
                    KpiAnomalyDetected.keyOf(kpi.id()),
                    kpi.id(),
                    day,
                    a.value(),
                    a.low(),
                    a.high(),
                    a.median(),
                    direction));
        }
    }

    public List<Point> points(Kpi kpi, LocalDate from, LocalDate to) {
        return repository.points(kpi, from, to);
    }

    public Optional<Point> latest(Kpi kpi) {
        return repository
                .latestDay(kpi)
                .flatMap(day -> points(kpi, day, day).stream().findFirst());
    }

    static String num(Double v) {
        return v == null
                ? null
                : BigDecimal.valueOf(v)
                        .setScale(4, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString();
    }
}
