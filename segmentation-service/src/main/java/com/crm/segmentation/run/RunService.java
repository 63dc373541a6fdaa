package com.crm.segmentation.run;

import com.crm.contracts.CrmEvent;
import com.crm.segmentation.SegmentationProperties;
import com.crm.segmentation.fit.FitRepository;
import com.crm.segmentation.model.Lifecycle;
import com.crm.segmentation.offer.OfferService;
import com.crm.segmentation.prospect.ProspectService;
import com.crm.segmentation.segment.SegmentMembership;
import com.crm.segmentation.value.CustomerValueRepository;
import com.crm.segmentation.value.CustomerValueRepository.StoredValue;
import com.crm.segmentation.value.Scorer;
import com.crm.segmentation.value.ScorerFactory;
import com.crm.support.database.StatementTimeout;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Full recompute in phases: load every customer's history with one set-based query, fit BG/NBD and Gamma-Gamma,
 * score (P(alive), CLV, RFM quintiles, tiers by CLV percentile, quadrant, churn risk, stage), and write back in
 * batches, each batch with its events in one transaction; then segments, offer rules and prospects. One run at a
 * time across replicas: a unique partial index admits a single {@code RUNNING} row.
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);
    /** A RUNNING row older than this is taken for a replica that died mid-run and marked FAILED. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(2);

    /**
     * Customers written per transaction: large enough that a batch's rows, stage moves and events are each one
     * set-based statement worth its round trip, small enough that a batch's objects and events stay a few MiB.
     */
    private static final int BATCH = 20_000;

    private final RunRepository runs;
    private final TransactionTemplate transactions;
    private final FitRepository fits;
    private final CustomerValueRepository values;
    private final ScorerFactory scorers;
    private final EventOutbox outbox;
    private final SegmentationProperties properties;
    private final SegmentMembership segments;
    private final OfferService offers;
    private final ProspectService prospectService;
    private final Clock clock;
    private final StatementTimeout timeouts;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    RunService(
            RunRepository runs,
            TransactionTemplate transactions,
            FitRepository fits,
            CustomerValueRepository values,
            ScorerFactory scorers,
            EventOutbox outbox,
            SegmentationProperties properties,
            SegmentMembership segments,
            OfferService offers,
            ProspectService prospectService,
            Clock clock,
            StatementTimeout timeouts) {
        this.timeouts = timeouts;
        this.runs = runs;
        this.transactions = transactions;
        this.fits = fits;
        this.values = values;
        this.scorers = scorers;
        this.outbox = outbox;
        this.properties = properties;
        this.segments = segments;
        this.offers = offers;
        this.prospectService = prospectService;
        this.clock = clock;
    }

    /** Starts a run in the background; 409 when one is running (on any replica). */
    public RunView start(LocalDate calibrationEnd, String trigger) {
        UUID id = UUID.randomUUID();
        runs.abandonStale(ABANDONED_AFTER);
        try {
            runs.insertRunning(id, trigger, calibrationEnd);
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict("a segmentation run is already running");
        }
        startAfterCommit(() -> execute(id, calibrationEnd));
        return find(id).orElseThrow();
    }

    /**
     * The run reads its own row: when the start is part of a larger transaction (an Idempotency-Key request commits
     * the run with its answer), it begins once that commits, and never when it rolls back.
     */
    private void startAfterCommit(Runnable run) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            executor.submit(run);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                executor.submit(run);
            }
        });
    }

    @Scheduled(cron = "${crm.segmentation.full-run-cron:0 30 2 * * *}", zone = "UTC")
    void scheduled() {
        try {
            start(LocalDate.now(clock.withZone(ZoneOffset.UTC)), "SCHEDULE");
        } catch (ApiException e) {
            log.info("Scheduled segmentation run skipped: {}", e.getMessage());
        }
    }

    public Optional<RunView> find(UUID id) {
        return runs.find(id);
    }

    public List<RunView> history(int limit) {
        return runs.history(limit);
    }

    void execute(UUID runId, LocalDate end) {
        long started = System.nanoTime();
        try {
            Result result = recompute(runId, end);
            runs.succeeded(runId, result, (System.nanoTime() - started) / 1_000_000);
            scorers.invalidate();
        } catch (RuntimeException | Error e) {
            log.error("Segmentation run {} failed", runId, e);
            runs.failed(runId, String.valueOf(e), (System.nanoTime() - started) / 1_000_000);
        }
    }

    record Result(int customers, int stageChanges, int tierChanges, Scorer.Thresholds thresholds) {}

    /** Stage and tier changes a write-back counted. */
    private record Changes(int stages, int tiers) {

        Changes plus(Changes other) {
            return new Changes(stages + other.stages, tiers + other.tiers);
        }

        Changes plus(List<WritePhase.Outcome> outcomes) {
            int s = stages;
            int t = tiers;
            for (WritePhase.Outcome o : outcomes) {
                s += o.stageMove() == null ? 0 : 1;
                t += o.tierChanged() ? 1 : 0;
            }
            return new Changes(s, t);
        }
    }

    Result recompute(UUID runId, LocalDate end) {
        runs.progress(runId, "loading", 0.05);
        // one decision for both reads: histories and prospects from the same source
        boolean fromMetrics = runs.metricsCover(end);
        List<CustomerHistory> customers = transactions.execute(tx -> {
            timeouts.extendForBatch();
            runs.bulkWorkMem();
            return runs.histories(end, fromMetrics);
        });
        List<UUID> prospects = runs.prospects(end, fromMetrics);

        if (FitPhase.fittable(customers)) {
            runs.progress(runId, "fitting", 0.2);
        }
        Optional<FitPhase.Fitted> fitted =
                FitPhase.fit(customers, end, properties.periodDays(), properties.fitSampleSize());
        if (fitted.isPresent()) {
            FitPhase.Fitted f = fitted.get();
            fits.save(
                    f.bgNbd().fit(),
                    f.start(),
                    end,
                    properties.periodDays(),
                    f.bgNbd().durationMs(),
                    runId);
            fits.save(
                    f.gammaGamma().fit(),
                    f.start(),
                    end,
                    properties.periodDays(),
                    f.gammaGamma().durationMs(),
                    runId);
        }

        runs.progress(runId, "scoring", 0.5);
        Scorer scorer = scorers.with(
                fitted.map(FitPhase.Fitted::bgNbdModel).orElse(null),
                fitted.map(FitPhase.Fitted::gammaGammaModel).orElse(null),
                null);
        ScorePhase.Scored scored = ScorePhase.score(
                customers,
                scorer,
                fitted.isPresent(),
                new ScorePhase.TierPercentiles(
                        properties.tierSPercentile(), properties.tierAPercentile(), properties.tierBPercentile()),
                end);

        runs.progress(runId, "writing", 0.7);
        Instant now = clock.instant();
        Lifecycle.Decision prospectStage = Scorer.lifecycle(properties).decide(0, null, null, end, null);
        Changes changes = writeAll(
                runId,
                scored.customers(),
                c -> c.customer().customerId(),
                (c, previous) -> WritePhase.of(c, previous, now, runId),
                new Changes(0, 0),
                0.7,
                0.25);
        changes = writeAll(
                runId,
                prospects,
                id -> id,
                (id, previous) -> WritePhase.prospect(id, prospectStage, previous, now, runId),
                changes,
                0.95,
                0.03);

        runs.progress(runId, "segments", 0.98);
        segments.refreshAll();
        runs.progress(runId, "offer rules", 0.985);
        offers.learn(runId, end);
        runs.progress(runId, "prospects", 0.99);
        prospectService.refreshAll();
        return new Result(
                scored.customers().size() + prospects.size(), changes.stages(), changes.tiers(), scored.thresholds());
    }

    /**
     * Writes back in batches of {@link #BATCH}, one transaction each, {@code crm.segmentation.write-parallelism} at a
     * time: a batch's time is mostly its statements' (one backend, one core), so batches side by side keep the
     * database busy on every core. A batch's stored scores are read (one query by key, so the heap holds the batches
     * in flight, not every customer's scores), compared and the changes written. Batches hold distinct customers, so
     * their order does not matter to any customer's events; a batch that fails fails the run (the batches committed
     * stay: a rerun finds them unchanged).
     */
    private <T> Changes writeAll(
            UUID runId,
            List<T> items,
            Function<T, UUID> id,
            BiFunction<T, StoredValue, WritePhase.Outcome> outcome,
            Changes changes,
            double progress,
            double share) {
        int m = items.size();
        List<Future<Changes>> batches = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(properties.writeParallelism());
        try {
            for (int from = 0; from < m; from += BATCH) {
                List<T> batch = items.subList(from, Math.min(m, from + BATCH));
                batches.add(writers.submit(() -> writeBatch(batch, id, outcome)));
            }
            int written = 0;
            for (Future<Changes> batch : batches) {
                changes = changes.plus(completed(batch));
                written = Math.min(m, written + BATCH);
                runs.progress(runId, "writing", progress + share * written / m);
            }
        } finally {
            // after a failure: the batches not begun are dropped, and the run ends only once those begun have
            writers.shutdownNow();
            awaitTermination(writers);
        }
        return changes;
    }

    private <T> Changes writeBatch(
            List<T> batch, Function<T, UUID> id, BiFunction<T, StoredValue, WritePhase.Outcome> outcome) {
        return transactions.execute(tx -> {
            timeouts.extendForBatch();
            Map<UUID, StoredValue> previous =
                    values.findAll(batch.stream().map(id).toList());
            List<WritePhase.Outcome> written = batch.stream()
                    .map(item -> outcome.apply(item, previous.get(id.apply(item))))
                    .toList();
            write(written);
            return new Changes(0, 0).plus(written);
        });
    }

    private static void awaitTermination(ExecutorService writers) {
        try {
            if (!writers.awaitTermination(10, TimeUnit.MINUTES)) {
                log.warn("Write-back batches still running 10 minutes after the run stopped waiting for them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A batch's result, or its failure as it was thrown. */
    private static Changes completed(Future<Changes> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing back", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * One batch in the caller's transaction, each part one statement: the rows whose scores changed (unchanged ones
     * are not rewritten), the stage log, then the stage / tier events before the scored ones.
     */
    private void write(List<WritePhase.Outcome> outcomes) {
        List<StoredValue> changed = new ArrayList<>();
        List<CustomerValueRepository.StageMove> moves = new ArrayList<>();
        List<CrmEvent> transitions = new ArrayList<>();
        List<CrmEvent> scored = new ArrayList<>();
        for (WritePhase.Outcome o : outcomes) {
            if (o.changed()) {
                changed.add(o.saved());
            }
            if (o.stageMove() != null) {
                var move = o.stageMove();
                moves.add(new CustomerValueRepository.StageMove(move.customerId(), move.from(), move.to(), move.at()));
            }
            transitions.addAll(o.transitions());
            if (o.scored() != null) {
                scored.add(o.scored());
            }
        }
        values.saveAll(changed);
        values.stageMovedAll(moves);
        // one append (one COPY for a full batch), the transitions first as before
        List<CrmEvent> events = new ArrayList<>(transitions.size() + scored.size());
        events.addAll(transitions);
        events.addAll(scored);
        outbox.appendAll(events);
    }
}
