package com.crm.segmentation.run;

import com.crm.contracts.CrmEvent;
import com.crm.contracts.events.segmentation.LifecycleStageChanged;
import com.crm.contracts.events.segmentation.TierChanged;
import com.crm.segmentation.model.Lifecycle;
import com.crm.segmentation.value.CustomerValueRepository.StoredValue;
import com.crm.segmentation.value.ValueScoredEvents;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a run writes for one customer, compared with what was stored before: the new row, the stage and tier events
 * (in that order), {@code crm.value.scored} when the change is material, and the stage move to log.
 */
final class WritePhase {

    record StageMove(UUID customerId, String from, String to, Instant at) {}

    /**
     * {@code scored} and {@code stageMove} are null when there is nothing to send or log; {@code changed} is false
     * when every stored score is the same as before (the row is then not rewritten).
     */
    record Outcome(
            StoredValue saved,
            List<CrmEvent> transitions,
            CrmEvent scored,
            StageMove stageMove,
            boolean tierChanged,
            boolean changed) {}

    private WritePhase() {}

    /** A customer the run scored. */
    static Outcome of(ScorePhase.ScoredCustomer c, StoredValue previous, Instant now, UUID runId) {
        UUID id = c.customer().customerId();
        var s = c.score();
        StoredValue saved = new StoredValue(
                id,
                c.recency(),
                c.frequency(),
                c.monetary(),
                c.rfmSegment(),
                s.pAlive(),
                s.expectedPurchases(),
                s.expectedSpend(),
                s.clv(),
                c.clvPercentile(),
                c.tier(),
                c.quadrant(),
                s.churnRisk(),
                s.stage().stage().name(),
                reason(previous, s.stage()),
                now);
        return outcome(saved, previous, s.stage(), c.tier(), s.clv(), now, runId);
    }

    /** A prospect (active, no purchase yet): only a stage, and the stored reason is the decision's own. */
    static Outcome prospect(UUID id, Lifecycle.Decision stage, StoredValue previous, Instant now, UUID runId) {
        StoredValue saved = new StoredValue(
                id,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                stage.stage().name(),
                stage.reason(),
                now);
        return outcome(saved, previous, stage, null, null, now, runId);
    }

    private static Outcome outcome(
            StoredValue saved,
            StoredValue previous,
            Lifecycle.Decision stage,
            String tier,
            Double clv,
            Instant now,
            UUID runId) {
        UUID id = saved.customerId();
        String oldStage = previous == null ? null : previous.stage();
        String oldTier = previous == null ? null : previous.tier();
        List<CrmEvent> transitions = new ArrayList<>(2);
        StageMove move = null;
        if (!stage.stage().name().equals(oldStage)) {
            transitions.add(
                    new LifecycleStageChanged(id, oldStage, stage.stage().name(), reason(previous, stage), now, runId));
            move = new StageMove(id, oldStage, stage.stage().name(), now);
        }
        boolean tierChanged = tier != null && !tier.equals(oldTier);
        if (tierChanged) {
            transitions.add(new TierChanged(
                    id,
                    oldTier,
                    tier,
                    clv == null
                            ? null
                            : BigDecimal.valueOf(clv)
                                    .setScale(2, RoundingMode.HALF_UP)
                                    .toPlainString(),
                    now,
                    runId));
        }
        CrmEvent scored =
                ValueScoredEvents.material(previous, saved) ? ValueScoredEvents.event(saved, now, runId) : null;
        return new Outcome(saved, transitions, scored, move, tierChanged, !unchanged(previous, saved));
    }

    /** Whether every stored column but {@code updated_at} is equal (doubles bit for bit: they round-trip exactly). */
    static boolean unchanged(StoredValue previous, StoredValue saved) {
        return previous != null
                && Objects.equals(previous.recencyScore(), saved.recencyScore())
                && Objects.equals(previous.frequencyScore(), saved.frequencyScore())
                && Objects.equals(previous.monetaryScore(), saved.monetaryScore())
                && Objects.equals(previous.rfmSegment(), saved.rfmSegment())
                && Objects.equals(previous.pAlive(), saved.pAlive())
                && Objects.equals(previous.expectedPurchases(), saved.expectedPurchases())
                && Objects.equals(previous.expectedSpend(), saved.expectedSpend())
                && Objects.equals(previous.clv(), saved.clv())
                && Objects.equals(previous.clvPercentile(), saved.clvPercentile())
                && Objects.equals(previous.tier(), saved.tier())
                && Objects.equals(previous.quadrant(), saved.quadrant())
                && Objects.equals(previous.churnRisk(), saved.churnRisk())
                && Objects.equals(previous.stage(), saved.stage())
                && Objects.equals(previous.stageReason(), saved.stageReason());
    }

    private static String reason(StoredValue previous, Lifecycle.Decision d) {
        return previous == null || previous.stage() == null
                ? d.reason()
                : Lifecycle.transitionReason(Lifecycle.Stage.valueOf(previous.stage()), d);
    }
}
