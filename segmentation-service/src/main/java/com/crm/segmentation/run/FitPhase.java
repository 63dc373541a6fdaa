package com.crm.segmentation.run;

import com.crm.segmentation.model.BgNbd;
import com.crm.segmentation.model.CustomerSummary;
import com.crm.segmentation.model.FitResult;
import com.crm.segmentation.model.GammaGamma;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Fits BG/NBD and Gamma-Gamma on every customer's history (anonymous ones included: they are evidence too). */
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

    /** Empty when not {@link #fittable}. */
    static Optional<Fitted> fit(List<CustomerHistory> customers, LocalDate end, double periodDays) {
        if (!fittable(customers)) {
            return Optional.empty();
        }
        CustomerSummary summary = summary(customers, end, periodDays);
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
