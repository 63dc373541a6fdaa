package com.crm.segmentation.run;

import com.crm.segmentation.model.BgNbd;
import com.crm.segmentation.model.CustomerSummary;
import com.crm.segmentation.model.FitResult;
import com.crm.segmentation.model.GammaGamma;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Fits BG/NBD and Gamma-Gamma on the customers' histories (anonymous ones included: they are evidence too), on a
 * fixed sample of them in a large population.
 */
final class FitPhase {

    /** One model's fit and how long it took. */
    record Timed(FitResult fit, long durationMs) {}

    /** Both fits over the calibration window {@code [start, end]}. */
    record Fitted(Timed bgNbd, Timed gammaGamma, LocalDate start) {

        BgNbd bgNbdModel() {
            return BgNbd.of(bgNbd.fit());
        }

        GammaGamma gammaGammaModel() {
            return GammaGamma.of(gammaGamma.fit());
        }
    }

    private FitPhase() {}

    /** Whether anybody bought twice: without a repeat purchase neither model can learn anything. */
    static boolean fittable(List<CustomerHistory> customers) {
        return customers.stream().anyMatch(c -> c.repeats() > 0);
    }

    /**
     * Empty when not {@link #fittable}; fitted on {@link #sample} of the customers when there are more than
     * {@code sampleSize} of them (0: on every one).
     */
    static Optional<Fitted> fit(List<CustomerHistory> customers, LocalDate end, double periodDays, int sampleSize) {
        if (!fittable(customers)) {
            return Optional.empty();
        }
        CustomerSummary summary = summary(sample(customers, sampleSize), end, periodDays);
        long t0 = System.nanoTime();
        FitResult bg = BgNbd.fit(summary);
        long t1 = System.nanoTime();
        FitResult gg = GammaGamma.fit(summary);
        long t2 = System.nanoTime();
        LocalDate start = customers.stream()
                .map(CustomerHistory::firstDay)
                .min(LocalDate::compareTo)
                .orElseThrow();
        return Optional.of(
                new Fitted(new Timed(bg, (t1 - t0) / 1_000_000), new Timed(gg, (t2 - t1) / 1_000_000), start));
    }

    /**
     * About {@code size} of the customers, always the same ones for the same ids: a customer is in when a hash of its
     * id falls below {@code size / n}. Fitting on a sample is what makes a fit's time independent of the population;
     * the maximum-likelihood estimates of a few parameters from 200,000 customers are as good as from millions for
     * scoring (their standard errors shrink as 1/sqrt(n)), and a fixed sample keeps an unchanged population's fit, and
     * so its scores, the same from run to run. Every customer when there are not more than {@code size}, or when the
     * sample would hold no repeat purchase to learn from.
     */
    static List<CustomerHistory> sample(List<CustomerHistory> customers, int size) {
        if (size <= 0 || customers.size() <= size) {
            return customers;
        }
        double share = (double) size / customers.size();
        List<CustomerHistory> sample =
                customers.stream().filter(c -> unitHash(c.customerId()) < share).toList();
        return fittable(sample) ? sample : customers;
    }

    /** A uniform value in [0, 1) from the id (SplitMix64's finalizer: ids need not be random themselves). */
    static double unitHash(UUID id) {
        long z = id.getMostSignificantBits() ^ Long.rotateLeft(id.getLeastSignificantBits(), 32);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** The models' inputs, in periods: repeats x, recency t_x, age T, mean repeat spend. */
    static CustomerSummary summary(List<CustomerHistory> customers, LocalDate end, double periodDays) {
        int n = customers.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        double[] zbar = new double[n];
        for (int i = 0; i < n; i++) {
            CustomerHistory c = customers.get(i);
            x[i] = c.repeats();
            tx[i] = ChronoUnit.DAYS.between(c.firstDay(), c.lastDay()) / periodDays;
            age[i] = ChronoUnit.DAYS.between(c.firstDay(), end) / periodDays;
            zbar[i] = c.repeatMean();
        }
        return new CustomerSummary(x, tx, age, zbar);
    }
}
