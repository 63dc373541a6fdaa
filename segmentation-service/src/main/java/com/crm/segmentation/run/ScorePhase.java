package com.crm.segmentation.run;

import com.crm.segmentation.model.ValueScoring;
import com.crm.segmentation.value.Scorer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Scores every scorable customer with the fresh models, then ranks them against each other: RFM quintiles, the
 * tier thresholds as CLV percentiles of this population, each customer's CLV percentile, tier and quadrant.
 */
final class ScorePhase {

    /** One customer's scores of this run; percentile, tier and quadrant are null without both models. */
    record ScoredCustomer(
            CustomerHistory customer,
            Scorer.Score score,
            short recency,
            short frequency,
            short monetary,
            Double clvPercentile,
            String tier,
            String quadrant) {

        String rfmSegment() {
            return ValueScoring.rfmSegment(recency, frequency, monetary);
        }
    }

    /** The run's scores and the thresholds they set (null without both models). */
    record Scored(List<ScoredCustomer> customers, Scorer.Thresholds thresholds) {}

    /** Percentiles of the CLV distribution where tiers S, A and B begin. */
    record TierPercentiles(double s, double a, double b) {}

    private ScorePhase() {}

    /**
     * @param scorer the fresh models without thresholds (this run sets them)
     * @param modelled whether both models were fitted, so CLVs are comparable and tiers can be drawn
     */
    static Scored score(
            List<CustomerHistory> customers, Scorer scorer, boolean modelled, TierPercentiles tiers, LocalDate end) {
        List<CustomerHistory> scorable =
                customers.stream().filter(CustomerHistory::scored).toList();
        // each score is independent and a full run has many: spread them over the cores
        List<Scorer.Score> scores = scorable.parallelStream()
                .map(c -> scorer.score(
                        c.purchaseDays(),
                        c.firstDay(),
                        c.lastDay(),
                        c.repeatMean(),
                        c.recentInteractions(),
                        c.recentComplaints(),
                        c.detractor(),
                        end))
                .toList();
        int m = scorable.size();
        double[] recency = new double[m];
        double[] frequency = new double[m];
        double[] monetary = new double[m];
        double[] clv = new double[m];
        for (int k = 0; k < m; k++) {
            CustomerHistory c = scorable.get(k);
            recency[k] = c.daysSinceLast(end);
            frequency[k] = c.purchaseDays();
            monetary[k] = c.totalSpend();
            clv[k] = scores.get(k).clv() == null ? 0 : scores.get(k).clv();
        }
        byte[] r = ValueScoring.quintiles(recency, true);
        byte[] f = ValueScoring.quintiles(frequency, false);
        byte[] mo = ValueScoring.quintiles(monetary, false);
        double[] sorted = clv.clone();
        Arrays.sort(sorted);
        Scorer.Thresholds thresholds = modelled && m > 0
                ? new Scorer.Thresholds(
                        quantile(sorted, tiers.s()), quantile(sorted, tiers.a()), quantile(sorted, tiers.b()))
                : null;
        ScoredCustomer[] scored = new ScoredCustomer[m];
        for (int k = 0; k < m; k++) {
            Scorer.Score s = scores.get(k);
            Double percentile = thresholds == null ? null : (double) lowerBound(sorted, clv[k]) / m;
            boolean ranked = thresholds != null && s.clv() != null;
            String tier =
                    ranked ? ValueScoring.tier(s.clv(), thresholds.sMin(), thresholds.aMin(), thresholds.bMin()) : null;
            String quadrant = ranked
                    ? ValueScoring.quadrant(
                            s.clv() >= thresholds.bMin(),
                            s.pAlive(),
                            scorable.get(k).recentInteractions())
                    : null;
            scored[k] = new ScoredCustomer(scorable.get(k), s, r[k], f[k], mo[k], percentile, tier, quadrant);
        }
        return new Scored(List.of(scored), thresholds);
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
