package com.crm.segmentation.run;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A customer's sufficient statistics over the calibration window: purchase days, first and last of them, total
 * spend, mean spend of the repeat days, and the recent signals the scores use. {@code scored} is false for
 * anonymous (erased) and inactive customers, who only feed the model fits.
 */
record CustomerHistory(
        UUID customerId,
        LocalDate firstDay,
        LocalDate lastDay,
        int purchaseDays,
        double totalSpend,
        double repeatMeanSpend,
        int recentInteractions,
        int recentComplaints,
        Boolean detractor,
        boolean scored) {

    /** Repeat purchases: the days after the first. */
    int repeats() {
        return purchaseDays - 1;
    }

    /** Mean spend of the repeat days, 0 without any (Gamma-Gamma's input). */
    double repeatMean() {
        return repeats() > 0 ? repeatMeanSpend : 0;
    }

    long daysSinceLast(LocalDate end) {
        return ChronoUnit.DAYS.between(lastDay, end);
    }
}
