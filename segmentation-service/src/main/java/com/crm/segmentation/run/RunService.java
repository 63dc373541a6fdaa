package com.crm.segmentation.run;

import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.segmentation.SegmentationProperties;
import com.crm.segmentation.fit.FitRepository;
import com.crm.segmentation.model.BgNbd;
import com.crm.segmentation.model.CustomerSummary;
import com.crm.segmentation.model.FitResult;
import com.crm.segmentation.model.GammaGamma;
import com.crm.segmentation.model.Lifecycle;
import com.crm.segmentation.model.ValueScoring;
import com.crm.segmentation.value.CustomerValueRepository;
import com.crm.segmentation.value.Scorer;
import com.crm.segmentation.value.ScorerFactory;
import com.crm.segmentation.value.ValueScoredEvents;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Full recompute: loads every customer's sufficient statistics with one set-based query, refits BG/NBD and
 * Gamma-Gamma, rescores (P(alive), CLV, RFM quintiles, tiers by CLV percentile, quadrant, churn risk, stage) in
 * parallel arrays, and writes back in batches, each batch with its events in one transaction. One run at a time
 * across replicas: a unique partial index admits a single {@code RUNNING} row.
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    /** A RUNNING row older than this is taken for a replica that died mid-run and marked FAILED. */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofHours(2);
    private static final int BATCH = 2_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final FitRepository fits;
    private final ScorerFactory scorers;
    private final EventOutbox outbox;
    private final SegmentationProperties properties;
    private final com.crm.segmentation.segment.SegmentService segments;
    private final com.crm.segmentation.offer.OfferService offers;
    private final com.crm.segmentation.prospect.ProspectService prospectService;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    RunService(JdbcClient jdbc, javax.sql.DataSource dataSource, TransactionTemplate transactions, FitRepository fits,
               ScorerFactory scorers, EventOutbox outbox, SegmentationProperties properties,
               com.crm.segmentation.segment.SegmentService segments,
               com.crm.segmentation.offer.OfferService offers,
               com.crm.segmentation.prospect.ProspectService prospectService) {
        this.segments = segments;
        this.offers = offers;
        this.prospectService = prospectService;
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.template.setFetchSize(10_000);
        this.transactions = transactions;
        this.fits = fits;
        this.scorers = scorers;
        this.outbox = outbox;
        this.properties = properties;
    }

    /** Starts a run in the background; 409 when one is running (on any replica). */
    public RunView start(LocalDate calibrationEnd, String trigger) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                update segmentation_run set status = 'FAILED', error = 'abandoned (no progress)', finished_at = now()
                where status = 'RUNNING' and started_at < now() - make_interval(secs => :secs)""")
                .param("secs", ABANDONED_AFTER.toSeconds()).update();
        try {
            jdbc.sql("""
                    insert into segmentation_run (id, status, trigger, calibration_end, phase, progress, started_at)
                    values (:id, 'RUNNING', :trigger, :end, 'queued', 0, now())""")
                    .param("id", id).param("trigger", trigger).param("end", calibrationEnd).update();
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("a segmentation run is already running");
        }
        executor.submit(() -> execute(id, calibrationEnd));
        return find(id).orElseThrow();
    }

    @Scheduled(cron = "${crm.segmentation.full-run-cron:0 30 2 * * *}", zone = "UTC")
    void scheduled() {
        try {
            start(LocalDate.now(ZoneOffset.UTC), "SCHEDULE");
        } catch (ApiException e) {
            log.info("Scheduled segmentation run skipped: {}", e.getMessage());
        }
    }

    public Optional<RunView> find(UUID id) {
        return jdbc.sql("select * from segmentation_run where id = :id").param("id", id).query(RunView::map)
                .optional();
    }

    public List<RunView> history(int limit) {
        return jdbc.sql("select * from segmentation_run order by started_at desc, id desc limit :limit")
                .param("limit", limit).query(RunView::map).list();
    }

    private void progress(UUID id, String phase, double progress) {
        jdbc.sql("update segmentation_run set phase = :phase, progress = :progress where id = :id")
                .param("phase", phase).param("progress", progress).param("id", id).update();
    }

    void execute(UUID runId, LocalDate end) {
        long started = System.nanoTime();
        try {
            Result result = recompute(runId, end);
            jdbc.sql("""
                    update segmentation_run set status = 'SUCCEEDED', phase = 'done', progress = 1,
                        customers = :customers, stage_changes = :stages, tier_changes = :tiers,
                        tier_s_min = :s, tier_a_min = :a, tier_b_min = :b,
                        finished_at = now(), duration_ms = :ms where id = :id""")
                    .param("customers", result.customers()).param("stages", result.stageChanges())
                    .param("tiers", result.tierChanges())
                    .param("s", result.thresholds() == null ? null : result.thresholds().sMin())
                    .param("a", result.thresholds() == null ? null : result.thresholds().aMin())
                    .param("b", result.thresholds() == null ? null : result.thresholds().bMin())
                    .param("ms", (System.nanoTime() - started) / 1_000_000).param("id", runId).update();
            scorers.invalidate();
        } catch (RuntimeException | Error e) {
            log.error("Segmentation run {} failed", runId, e);
            jdbc.sql("""
                    update segmentation_run set status = 'FAILED', error = :error, finished_at = now(),
                        duration_ms = :ms where id = :id""")
                    .param("error", String.valueOf(e)).param("ms", (System.nanoTime() - started) / 1_000_000)
                    .param("id", runId).update();
        }
    }

    record Result(int customers, int stageChanges, int tierChanges, Scorer.Thresholds thresholds) {
    }

    /** Per-customer sufficient statistics of the calibration window, loaded set-based. */
    private static final class Population {
        final List<UUID> ids = new ArrayList<>();
        final List<LocalDate> first = new ArrayList<>();
        final List<LocalDate> last = new ArrayList<>();
        int[] days = new int[1024];
        double[] total = new double[1024];
        double[] repeatMean = new double[1024];
        int[] interactions = new int[1024];
        int[] complaints = new int[1024];
        boolean[] scored = new boolean[1024];
        Boolean[] detractor = new Boolean[1024];

        void add(UUID id, LocalDate f, LocalDate l, int d, double t, double rm, int i, int c, Boolean dt,
                 boolean s) {
            int n = ids.size();
            if (n == days.length) {
                int m = n * 2;
                days = Arrays.copyOf(days, m);
                total = Arrays.copyOf(total, m);
                repeatMean = Arrays.copyOf(repeatMean, m);
                interactions = Arrays.copyOf(interactions, m);
                complaints = Arrays.copyOf(complaints, m);
                scored = Arrays.copyOf(scored, m);
                detractor = Arrays.copyOf(detractor, m);
            }
            detractor[n] = dt;
            ids.add(id);
            first.add(f);
            last.add(l);
            days[n] = d;
            total[n] = t;
            repeatMean[n] = rm;
            interactions[n] = i;
            complaints[n] = c;
            scored[n] = s;
        }

        int size() {
            return ids.size();
        }
    }

    Result recompute(UUID runId, LocalDate end) {
        progress(runId, "loading", 0.05);
        Population pop = new Population();
        // streamed (fetch size) inside a read transaction: PostgreSQL only uses a cursor without auto-commit
        transactions.executeWithoutResult(tx -> template.query("""
                with days as (
                    select customer_id, day, sum(amount) as amount, bool_or(anonymous) as anonymous
                    from purchase where day <= ?
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
                select s.*, coalesce(m.recent_interactions, 0) as interactions,
                       coalesce(m.recent_complaints, 0) as complaints, m.detractor, p.status
                from summary s
                left join customer_metrics m on m.customer_id = s.customer_id
                left join customer_profile p on p.customer_id = s.customer_id""",
                rs -> {
                    String status = rs.getString("status");
                    pop.add(rs.getObject("customer_id", UUID.class), rs.getObject("first_day", LocalDate.class),
                            rs.getObject("last_day", LocalDate.class), rs.getInt("days"), rs.getDouble("total"),
                            rs.getDouble("repeat_mean"), rs.getInt("interactions"), rs.getInt("complaints"),
                            rs.getObject("detractor", Boolean.class), !rs.getBoolean("anonymous") && (status == null || "ACTIVE".equals(status)));
                }, Date.valueOf(end)));
        List<UUID> prospects = jdbc.sql("""
                select p.customer_id from customer_profile p
                where p.status = 'ACTIVE' and not exists (
                    select 1 from purchase u where u.customer_id = p.customer_id and u.kind = 'PURCHASE'
                      and u.day <= :end)""").param("end", end).query(UUID.class).list();

        int n = pop.size();
        double period = properties.periodDays();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] T = new double[n];
        double[] zbar = new double[n];
        LocalDate start = null;
        for (int i = 0; i < n; i++) {
            LocalDate f = pop.first.get(i);
            x[i] = pop.days[i] - 1;
            tx[i] = ChronoUnit.DAYS.between(f, pop.last.get(i)) / period;
            T[i] = ChronoUnit.DAYS.between(f, end) / period;
            zbar[i] = x[i] > 0 ? pop.repeatMean[i] : 0;
            start = start == null || f.isBefore(start) ? f : start;
        }
        CustomerSummary summary = new CustomerSummary(x, tx, T, zbar);

        BgNbd bg = null;
        GammaGamma gg = null;
        if (n > 0 && Arrays.stream(x).anyMatch(v -> v > 0)) {
            progress(runId, "fitting", 0.2);
            long t0 = System.nanoTime();
            FitResult bgFit = BgNbd.fit(summary);
            fits.save(bgFit, start, end, properties.periodDays(), (System.nanoTime() - t0) / 1_000_000, runId);
            bg = BgNbd.of(bgFit);
            long t1 = System.nanoTime();
            FitResult ggFit = GammaGamma.fit(summary);
            fits.save(ggFit, start, end, properties.periodDays(), (System.nanoTime() - t1) / 1_000_000, runId);
            gg = GammaGamma.of(ggFit);
        }

        progress(runId, "scoring", 0.5);
        Scorer unthresholded = scorers.with(bg, gg, null);
        Scorer.Score[] scores = new Scorer.Score[n];
        final BgNbd fbg = bg;
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            if (pop.scored[i]) {
                scores[i] = unthresholded.score(pop.days[i], pop.first.get(i), pop.last.get(i), zbar[i],
                        pop.interactions[i], pop.complaints[i], pop.detractor[i], end);
            }
        });
        int[] scoredIdx = java.util.stream.IntStream.range(0, n).filter(i -> pop.scored[i]).toArray();
        int m = scoredIdx.length;
        double[] recency = new double[m];
        double[] frequency = new double[m];
        double[] monetary = new double[m];
        double[] clv = new double[m];
        for (int k = 0; k < m; k++) {
            int i = scoredIdx[k];
            recency[k] = ChronoUnit.DAYS.between(pop.last.get(i), end);
            frequency[k] = pop.days[i];
            monetary[k] = pop.total[i];
            clv[k] = scores[i].clv() == null ? 0 : scores[i].clv();
        }
        byte[] r = ValueScoring.quintiles(recency, true);
        byte[] f = ValueScoring.quintiles(frequency, false);
        byte[] mo = ValueScoring.quintiles(monetary, false);
        Scorer.Thresholds thresholds = null;
        double[] percentile = new double[m];
        if (fbg != null && gg != null && m > 0) {
            double[] sorted = clv.clone();
            Arrays.sort(sorted);
            thresholds = new Scorer.Thresholds(quantile(sorted, properties.tierSPercentile()),
                    quantile(sorted, properties.tierAPercentile()), quantile(sorted, properties.tierBPercentile()));
            for (int k = 0; k < m; k++) {
                percentile[k] = (double) lowerBound(sorted, clv[k]) / m;
            }
        }

        progress(runId, "writing", 0.7);
        Map<UUID, String[]> previous = new HashMap<>();
        Map<UUID, CustomerValueRepository.StoredValue> previousValues = new HashMap<>();
        template.query("select * from customer_value", rs -> {
            var v = CustomerValueRepository.map(rs);
            previous.put(v.customerId(), new String[] {v.stage(), v.tier()});
            previousValues.put(v.customerId(), v);
        });
        Instant now = Instant.now();
        Timestamp nowTs = Timestamp.from(now);
        int[] changes = new int[2];
        final Scorer.Thresholds th = thresholds;
        for (int from = 0; from < m; from += BATCH) {
            int to = Math.min(m, from + BATCH);
            int fromK = from;
            transactions.executeWithoutResult(status -> {
                List<Object[]> rows = new ArrayList<>(to - fromK);
                List<com.crm.contracts.CrmEvent> scored = new ArrayList<>();
                for (int k = fromK; k < to; k++) {
                    int i = scoredIdx[k];
                    UUID id = pop.ids.get(i);
                    Scorer.Score s = scores[i];
                    String tier = th == null || s.clv() == null ? null
                            : ValueScoring.tier(s.clv(), th.sMin(), th.aMin(), th.bMin());
                    String quadrant = th == null || s.clv() == null ? null
                            : ValueScoring.quadrant(s.clv() >= th.bMin(), s.pAlive(), pop.interactions[i]);
                    var saved = new CustomerValueRepository.StoredValue(id, (short) r[k], (short) f[k],
                            (short) mo[k], ValueScoring.rfmSegment(r[k], f[k], mo[k]), s.pAlive(),
                            s.expectedPurchases(), s.expectedSpend(), s.clv(), th == null ? null : percentile[k],
                            tier, quadrant, s.churnRisk(), s.stage().stage().name(),
                            reason(previous.get(id), s.stage()), now);
                    rows.add(new Object[] {id, saved.recencyScore(), saved.frequencyScore(), saved.monetaryScore(),
                            saved.rfmSegment(), s.pAlive(), s.expectedPurchases(),
                            s.expectedSpend(), s.clv(), saved.clvPercentile(), tier, quadrant,
                            s.churnRisk(), saved.stage(), saved.stageReason(), nowTs});
                    if (ValueScoredEvents.material(previousValues.get(id), saved)) {
                        scored.add(ValueScoredEvents.event(saved, now, runId));
                    }
                    changes[0] += emit(id, previous.get(id), s.stage(), tier, s.clv(), now, runId);
                    String[] old = previous.get(id);
                    if (tier != null && (old == null || !tier.equals(old[1]))) {
                        changes[1]++;
                    }
                }
                template.batchUpdate(CustomerValueRepository.UPSERT, rows);
                outbox.appendAll(scored);
            });
            progress(runId, "writing", 0.7 + 0.28 * to / Math.max(1, m));
        }
        transactions.executeWithoutResult(status -> {
            for (UUID id : prospects) {
                Lifecycle.Decision d = Scorer.lifecycle(properties).decide(0, null, null, end, null);
                template.update(CustomerValueRepository.UPSERT, id, null, null, null, null, null, null, null, null,
                        null, null, null, null, d.stage().name(), d.reason(), nowTs);
                changes[0] += emit(id, previous.get(id), d, null, null, now, runId);
                var saved = new CustomerValueRepository.StoredValue(id, null, null, null, null, null, null, null,
                        null, null, null, null, null, d.stage().name(), d.reason(), now);
                if (ValueScoredEvents.material(previousValues.get(id), saved)) {
                    outbox.append(ValueScoredEvents.event(saved, now, runId));
                }
            }
        });
        progress(runId, "segments", 0.98);
        segments.refreshAll();
        progress(runId, "offer rules", 0.985);
        offers.learn(runId, end);
        progress(runId, "prospects", 0.99);
        prospectService.refreshAll();
        return new Result(m + prospects.size(), changes[0], changes[1], thresholds);
    }

    private static String reason(String[] previous, Lifecycle.Decision d) {
        return previous == null || previous[0] == null ? d.reason()
                : Lifecycle.transitionReason(Lifecycle.Stage.valueOf(previous[0]), d);
    }

    /** Appends the stage and tier events of one customer; returns 1 when the stage changed. */
    private int emit(UUID id, String[] previous, Lifecycle.Decision d, String tier, Double clv, Instant now,
                     UUID runId) {
        String oldStage = previous == null ? null : previous[0];
        String oldTier = previous == null ? null : previous[1];
        int changed = 0;
        if (!d.stage().name().equals(oldStage)) {
            outbox.append(new LifecycleStageChanged(id, oldStage, d.stage().name(), reason(previous, d), now,
                    runId));
            ValueScoredEvents.stageMoved(jdbc, id, oldStage, d.stage().name(), now);
            changed = 1;
        }
        if (tier != null && !tier.equals(oldTier)) {
            outbox.append(new TierChanged(id, oldTier, tier, clv == null ? null
                    : BigDecimal.valueOf(clv).setScale(2, RoundingMode.HALF_UP).toPlainString(), now, runId));
        }
        return changed;
    }

    /** The lowest value at or above the p-quantile of ascending {@code sorted}. */
    static double quantile(double[] sorted, double p) {
        int index = (int) Math.min(sorted.length - 1, Math.floor(p * sorted.length));
        return sorted[index];
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
