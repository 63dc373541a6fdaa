package com.crm.segmentation.model;

import java.util.Arrays;

/**
 * Per-customer value rules, without Spring: CLV from BG/NBD + Gamma-Gamma, tier by CLV thresholds, key-account
 * quadrant, churn risk, RFM segment names and quintile scores.
 */
public final class ValueScoring {

    private ValueScoring() {}

    /**
     * CLV over {@code horizon} periods: expected purchases in each step of {@code step} periods times the expected
     * spend, discounted at {@code periodRate} per period to the end of the step.
     */
    public static double clv(
            BgNbd bg,
            GammaGamma gg,
            int x,
            double tx,
            double T,
            double zbar,
            int horizon,
            int step,
            double periodRate) {
        double spend = gg.expectedSpend(x, zbar);
        double previous = 0;
        double clv = 0;
        for (int t = step; t <= horizon; t += step) {
            double expected = bg.expectedPurchases(t, x, tx, T);
            clv += (expected - previous) * spend / Math.pow(1 + periodRate, t);
            previous = expected;
        }
        return clv;
    }

    /** The per-period rate of a yearly discount rate, for periods of {@code periodDays} days. */
    public static double periodRate(double annualRate, int periodDays) {
        return Math.pow(1 + annualRate, periodDays / 365.25) - 1;
    }

    /** Tier S, A, B or C by the CLV thresholds of the last run (a threshold is the lowest CLV of its tier). */
    public static String tier(double clv, double sMin, double aMin, double bMin) {
        if (clv >= sMin) {
            return "S";
        }
        if (clv >= aMin) {
            return "A";
        }
        return clv >= bMin ? "B" : "C";
    }

    /**
     * Key-account matrix: value (CLV at or above the median, i.e. tier B or better) against relationship strength
     * (0.7 P(alive) + 0.3 min(1, recent interactions / 5), strong at 0.5 or more).
     */
    public static String quadrant(boolean highValue, double pAlive, int recentInteractions) {
        boolean strong = 0.7 * pAlive + 0.3 * Math.min(1.0, recentInteractions / 5.0) >= 0.5;
        if (highValue) {
            return strong ? "KEY" : "KEY_DEVELOPMENT";
        }
        return strong ? "MAINTAIN" : "OPPORTUNISTIC";
    }

    /**
     * Churn risk: 1 - P(alive), raised by 0.15 for each recent complaint (up to three) and by 0.2 for a detractor
     * score when known (null when there is no feedback), capped at 1.
     */
    public static double churnRisk(double pAlive, int recentComplaints, Boolean detractor) {
        double risk = 1 - pAlive + 0.15 * Math.min(3, recentComplaints) + (Boolean.TRUE.equals(detractor) ? 0.2 : 0);
        return Math.max(0, Math.min(1, risk));
    }

    /**
     * Quintile scores 1-5 of {@code values}; the better (higher, or lower when {@code lowerIsBetter}) a value, the
     * higher its score; equal values share a score (the score of their first rank).
     */
    public static byte[] quintiles(double[] values, boolean lowerIsBetter) {
        int n = values.length;
        byte[] scores = new byte[n];
        if (n == 0) {
            return scores;
        }
        double[] keyed = new double[n];
        for (int i = 0; i < n; i++) {
            keyed[i] = lowerIsBetter ? -values[i] : values[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(keyed[i], keyed[j]));
        int firstOfTie = 0;
        for (int rank = 0; rank < n; rank++) {
            if (rank > 0 && keyed[order[rank]] != keyed[order[rank - 1]]) {
                firstOfTie = rank;
            }
            scores[order[rank]] = (byte) (1 + (5L * firstOfTie) / n);
        }
        return scores;
    }

    /** The usual named RFM segments from the recency and the mean of frequency and monetary scores. */
    public static String rfmSegment(int r, int f, int m) {
        double fm = (f + m) / 2.0;
        if (r >= 4 && fm >= 4) {
            return "CHAMPIONS";
        }
        if (r >= 3 && fm >= 3.5) {
            return "LOYAL";
        }
        if (r <= 2 && fm >= 4) {
            return r == 1 ? "CANT_LOSE_THEM" : "AT_RISK";
        }
        if (r == 5 && f <= 1) {
            return "NEW_CUSTOMERS";
        }
        if (r >= 4 && fm >= 2) {
            return "POTENTIAL_LOYALISTS";
        }
        if (r >= 4) {
            return "PROMISING";
        }
        if (r == 3) {
            return "NEEDS_ATTENTION";
        }
        if (r <= 2 && fm >= 2.5) {
            return "AT_RISK";
        }
        return r == 2 ? "ABOUT_TO_SLEEP" : "HIBERNATING";
    }
}
