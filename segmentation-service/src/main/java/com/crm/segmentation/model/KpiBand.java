package com.crm.segmentation.model;

import java.util.Arrays;

/**
 * A KPI's normal band from its own history: median ± max(k · 1.4826 · MAD, floor) where MAD is the median absolute
 * deviation (1.4826 · MAD estimates the standard deviation of normal data, and unlike it one spike in the history
 * barely moves it). The floor keeps a perfectly flat history from flagging the smallest change.
 */
public record KpiBand(double median, double mad, double low, double high) {

    public static KpiBand of(double[] history, double k, double floor) {
        if (history.length == 0) {
            throw new IllegalArgumentException("no history");
        }
        double median = median(history);
        double[] deviations =
                Arrays.stream(history).map(v -> Math.abs(v - median)).toArray();
        double mad = median(deviations);
        double half = Math.max(k * 1.4826 * mad, floor);
        return new KpiBand(median, mad, median - half, median + half);
    }

    /** {@code ABOVE}, {@code BELOW} or null when inside the band (bounds included). */
    public String direction(double value) {
        return value > high ? "ABOVE" : value < low ? "BELOW" : null;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
