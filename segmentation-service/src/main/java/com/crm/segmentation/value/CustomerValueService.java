package com.crm.segmentation.value;

import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.segmentation.access.CustomerAccess;
import com.crm.segmentation.metrics.CustomerChangeListener;
import com.crm.segmentation.metrics.CustomerMetrics;
import com.crm.segmentation.metrics.MetricsRepository;
import com.crm.segmentation.model.Lifecycle;
import com.crm.segmentation.segment.SegmentMembership;
import com.crm.support.outbox.EventOutbox;
import com.crm.support.problem.ApiException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Incremental updates: after each event that changed a customer's metrics, re-scores that customer with the latest
 * fits and thresholds (RFM scores and percentiles stay those of the last full run) and, in the same transaction,
 * publishes {@code crm.lifecycle.stage-changed} and {@code crm.value.tier-changed} when they moved.
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

    @Override
    public void changed(UUID customerId) {
        String status = metrics.status(customerId).orElse("ACTIVE");
        if (!"ACTIVE".equals(status)) {
            return;
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        CustomerMetrics m = metrics.find(customerId).orElse(null);
        Scorer.Score s = m == null
                ? scorers.current().score(0, null, null, 0, 0, 0, null, today)
                : scorers.current()
                        .score(
                                m.purchaseDays(),
                                m.firstPurchaseAt(),
                                m.lastPurchaseAt(),
                                m.repeatMeanSpend() == null
                                        ? 0
                                        : m.repeatMeanSpend().doubleValue(),
                                m.recentInteractions(),
                                m.recentComplaints(),
                                m.detractor(),
                                today);
        var old = values.find(customerId).orElse(null);
        String oldStage = old == null ? null : old.stage();
        String oldTier = old == null ? null : old.tier();
        String stage = s.stage().stage().name();
        String reason = oldStage == null
                ? s.stage().reason()
                : Lifecycle.transitionReason(Lifecycle.Stage.valueOf(oldStage), s.stage());
        var saved = new CustomerValueRepository.StoredValue(
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
        values.save(saved);
        if (!stage.equals(oldStage)) {
            outbox.append(new LifecycleStageChanged(customerId, oldStage, stage, reason, now, null));
            values.stageMoved(customerId, oldStage, stage, now);
        }
        if (ValueScoredEvents.material(old, saved)) {
            outbox.append(ValueScoredEvents.event(saved, now, null));
        }
        if (s.tier() != null && !s.tier().equals(oldTier)) {
            outbox.append(new TierChanged(customerId, oldTier, s.tier(), decimal(s.clv()), now, null));
        }
        segments.refreshCustomer(customerId);
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
