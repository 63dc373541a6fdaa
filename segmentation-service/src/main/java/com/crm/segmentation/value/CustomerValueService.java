package com.crm.segmentation.value;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.segmentation.access.CustomerAccess;
import com.crm.segmentation.metrics.CustomerChangeListener;
import com.crm.segmentation.metrics.CustomerMetrics;
import com.crm.segmentation.metrics.MetricsRepository;
import com.crm.segmentation.model.Lifecycle;
import com.crm.segmentation.segment.SegmentMembership;
import com.crm.segmentation.value.CustomerValueRepository.StoredValue;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Incremental updates: after each consumer batch that changed customers' metrics, re-scores those customers with the
 * latest fits and thresholds (RFM scores and percentiles stay those of the last full run) and, in the same
 * transaction, publishes {@code crm.lifecycle.stage-changed} and {@code crm.value.tier-changed} when they moved and
 * {@code crm.value.scored} when the scores changed materially.
 */
@Service
public class CustomerValueService implements CustomerChangeListener {

    private final MetricsRepository metrics;
    private final CustomerValueRepository values;
    private final ScorerFactory scorers;
    private final EventOutbox outbox;
    private final Clock clock;
    private final SegmentMembership segments;
    private final CustomerAccess access;

    CustomerValueService(
            MetricsRepository metrics,
            CustomerValueRepository values,
            ScorerFactory scorers,
            EventOutbox outbox,
            Optional<Clock> clock,
            SegmentMembership segments,
            CustomerAccess access) {
        this.segments = segments;
        this.access = access;
        this.metrics = metrics;
        this.values = values;
        this.scorers = scorers;
        this.outbox = outbox;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * Re-scores the customers set-based: their statuses, metrics and stored scores read with one query each, scored
     * in memory, written back with one statement per table and their events appended in one batch; then their
     * segment memberships. Per customer the outcome is the one of scoring them alone.
     */
    @Override
    public void changed(List<UUID> customerIds) {
        Map<UUID, String> statuses = metrics.statuses(customerIds);
        List<UUID> active = customerIds.stream()
                .filter(id -> "ACTIVE".equals(statuses.getOrDefault(id, "ACTIVE")))
                .toList();
        if (active.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Scorer scorer = scorers.current();
        Map<UUID, CustomerMetrics> metricsOf = metrics.findAll(active);
        Map<UUID, StoredValue> before = values.findAll(active);
        List<StoredValue> saved = new ArrayList<>(active.size());
        List<CustomerValueRepository.StageMove> moves = new ArrayList<>();
        List<CrmEvent> events = new ArrayList<>();
        for (UUID customerId : active) {
            Outcome o = score(customerId, metricsOf.get(customerId), before.get(customerId), scorer, now, today);
            saved.add(o.saved());
            if (o.move() != null) {
                moves.add(o.move());
            }
            events.addAll(o.events());
        }
        values.saveAll(saved);
        values.stageMovedAll(moves);
        if (!events.isEmpty()) {
            outbox.appendAll(events);
        }
        segments.refreshCustomers(active);
    }

    /** One customer's new row, stage move (null when none) and events (stage, scored, tier: in that order). */
    private record Outcome(StoredValue saved, CustomerValueRepository.StageMove move, List<CrmEvent> events) {}

    private static Outcome score(
            UUID customerId, CustomerMetrics m, StoredValue old, Scorer scorer, Instant now, LocalDate today) {
        Scorer.Score s = m == null
                ? scorer.score(0, null, null, 0, 0, 0, null, today)
                : scorer.score(
                        m.purchaseDays(),
                        m.firstPurchaseAt(),
                        m.lastPurchaseAt(),
                        m.repeatMeanSpend() == null ? 0 : m.repeatMeanSpend().doubleValue(),
                        m.recentInteractions(),
                        m.recentComplaints(),
                        m.detractor(),
                        today);
        String oldStage = old == null ? null : old.stage();
        String oldTier = old == null ? null : old.tier();
        String stage = s.stage().stage().name();
        String reason = oldStage == null
                ? s.stage().reason()
                : Lifecycle.transitionReason(Lifecycle.Stage.valueOf(oldStage), s.stage());
        var saved = new StoredValue(
                customerId,
                old == null ? null : old.recencyScore(),
                old == null ? null : old.frequencyScore(),
                old == null ? null : old.monetaryScore(),
                old == null ? null : old.rfmSegment(),
                s.pAlive(),
                s.expectedPurchases(),
                s.expectedSpend(),
                s.clv(),
                old == null ? null : old.clvPercentile(),
                s.tier() == null && old != null ? old.tier() : s.tier(),
                s.quadrant(),
                s.churnRisk(),
                stage,
                Objects.equals(oldStage, stage) && old != null ? old.stageReason() : reason,
                now);
        List<CrmEvent> events = new ArrayList<>(3);
        CustomerValueRepository.StageMove move = null;
        if (!stage.equals(oldStage)) {
            events.add(new LifecycleStageChanged(customerId, oldStage, stage, reason, now, null));
            move = new CustomerValueRepository.StageMove(customerId, oldStage, stage, now);
        }
        if (ValueScoredEvents.material(old, saved)) {
            events.add(ValueScoredEvents.event(saved, now, null));
        }
        if (s.tier() != null && !s.tier().equals(oldTier)) {
            events.add(new TierChanged(customerId, oldTier, s.tier(), decimal(s.clv()), now, null));
        }
        return new Outcome(saved, move, events);
    }

    static String decimal(Double value) {
        return value == null
                ? null
                : BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** The customer's metrics and scores; 404 as for an unknown customer when outside the caller's visibility. */
    public CustomerValueView view(UUID customerId) {
        if (!access.visible(customerId)) {
            throw ApiException.notFound("customer", customerId);
        }
        var m = metrics.find(customerId).orElse(null);
        var v = values.find(customerId).orElse(null);
        if (m == null && v == null) {
            throw ApiException.notFound("customer", customerId);
        }
        return CustomerValueView.of(
                customerId, m, v, clock.instant().atZone(ZoneOffset.UTC).toLocalDate());
    }
}
