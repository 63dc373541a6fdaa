package com.crm.segmentation.value;

import com.crm.segmentation.SegmentationProperties;
import com.crm.segmentation.model.BgNbd;
import com.crm.segmentation.model.GammaGamma;
import com.crm.segmentation.model.Lifecycle;
import com.crm.segmentation.model.ValueScoring;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Scores one customer from their metrics with given models (null when none is fitted yet) and tier thresholds
 * (null before the first full run): the one rule set both the incremental updates and the full runs apply.
 */
public record Scorer(
        SegmentationProperties properties,
        BgNbd bgNbd,
        GammaGamma gammaGamma,
        Thresholds thresholds,
        Lifecycle lifecycle) {

    /** CLV thresholds of tiers S, A, B (each the lowest CLV in its tier) found by the last full run. */
    public record Thresholds(double sMin, double aMin, double bMin) {}

    public record Score(
            Double pAlive,
            Double expectedPurchases,
            Double expectedSpend,
            Double clv,
            String tier,
            String quadrant,
            Double churnRisk,
            Lifecycle.Decision stage) {}

    public static Lifecycle lifecycle(SegmentationProperties p) {
        return new Lifecycle(
                p.newDays(),
                p.maturePurchaseDays(),
                p.decliningPAlive(),
                p.churnedPAlive(),
                p.decliningDays(),
                p.churnedDays());
    }

    public Score score(
            int purchaseDays,
            LocalDate first,
            LocalDate last,
            double repeatMeanSpend,
            int recentInteractions,
            int recentComplaints,
            Boolean detractor,
            LocalDate asOf) {
        if (purchaseDays == 0 || first == null) {
            return new Score(null, null, null, null, null, null, null, lifecycle.decide(0, null, null, asOf, null));
        }
        Double pAlive = null;
        Double expected = null;
        Double spend = null;
        Double clv = null;
        String tier = null;
        String quadrant = null;
        Double churn = null;
        if (bgNbd != null) {
            int x = purchaseDays - 1;
            double period = properties.periodDays();
            double tx = ChronoUnit.DAYS.between(first, last) / period;
            double T = ChronoUnit.DAYS.between(first, asOf) / period;
            pAlive = bgNbd.pAlive(x, tx, T);
            expected = bgNbd.expectedPurchases(properties.clvHorizonPeriods(), x, tx, T);
            churn = ValueScoring.churnRisk(pAlive, recentComplaints, detractor);
            if (gammaGamma != null) {
                spend = gammaGamma.expectedSpend(x, repeatMeanSpend);
                clv = ValueScoring.clv(
                        bgNbd,
                        gammaGamma,
                        x,
                        tx,
                        T,
                        repeatMeanSpend,
                        properties.clvHorizonPeriods(),
                        properties.clvStepPeriods(),
                        ValueScoring.periodRate(properties.annualDiscountRate(), properties.periodDays()));
                if (thresholds != null) {
                    tier = ValueScoring.tier(clv, thresholds.sMin(), thresholds.aMin(), thresholds.bMin());
                    quadrant = ValueScoring.quadrant(clv >= thresholds.bMin(), pAlive, recentInteractions);
                }
            }
        }
        return new Score(
                pAlive,
                expected,
                spend,
                clv,
                tier,
                quadrant,
                churn,
                lifecycle.decide(purchaseDays, first, last, asOf, pAlive));
    }
}
