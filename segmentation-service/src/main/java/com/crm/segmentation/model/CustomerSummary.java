package com.crm.segmentation.model;

/**
 * The sufficient statistics of the value models for a population, in parallel arrays (no objects per customer):
 * {@code x} repeat purchase days, {@code tx} time from the first to the last purchase, {@code T} time from the first
 * purchase to the end of the calibration window (both in periods), and {@code zbar} the mean amount of the repeat
 * purchase days (0 when x = 0).
 */
public record CustomerSummary(int[] x, double[] tx, double[] T, double[] zbar) {

    public CustomerSummary {
        if (x.length != tx.length || x.length != T.length || x.length != zbar.length) {
            throw new IllegalArgumentException("arrays of different lengths");
        }
    }

    public int size() {
        return x.length;
    }
}
