package com.crm.segmentation.winback;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chance that a lapsed customer comes back, learnt from past lapses: per group of similar customers (purchase
 * days and tenure before lapsing, lost to a competitor or not) the share that bought again within {@link #HORIZON_DAYS}
 * of lapsing, shrunk toward the overall share. The shrunk rate {@code (k + m·p0) / (n + m)} is the mean of a
 * Beta(m·p0, m·(1 − p0)) prior, centred on the overall rate p0 and worth {@link #PRIOR_STRENGTH} customers, after k
 * returns out of n lapses: a group of two is ranked almost at the overall rate, one of hundreds on its own.
 */
record ReturnModel(long overallReturned, long overallLapsed, Map<String, Counts> groups) {

    /** How long after lapsing a purchase counts as a return, and how old a lapse must be to be learnt from. */
    static final int HORIZON_DAYS = 365;

    /** Lapses older than this (days before the horizon ends) no longer teach: habits and offers change. */
    static final int LOOKBACK_DAYS = 3 * 365;

    /** The prior's weight in customers (m). */
    static final double PRIOR_STRENGTH = 10;

    static final List<String> PURCHASE_DAY_BANDS = List.of("1", "2-4", "5+");
    static final List<String> TENURE_BANDS = List.of("<1y", "1-3y", "3y+");

    /** Returns k out of lapses n in one group. */
    record Counts(long returned, long lapsed) {}

    /** A group's learnt rate with its evidence. */
    record Rate(String group, long returned, long lapsed, Double probability) {}

    ReturnModel {
        groups = Map.copyOf(groups);
    }

    static ReturnModel of(Map<String, Counts> groups) {
        long k = groups.values().stream().mapToLong(Counts::returned).sum();
        long n = groups.values().stream().mapToLong(Counts::lapsed).sum();
        return new ReturnModel(k, n, groups);
    }

    /** The overall rate p0; null before any lapse has been observed for a full horizon. */
    Double overallRate() {
        return overallLapsed == 0 ? null : (double) overallReturned / overallLapsed;
    }

    static double shrunk(long returned, long lapsed, double overallRate, double strength) {
        return (returned + strength * overallRate) / (lapsed + strength);
    }

    Rate rate(String group) {
        Counts c = groups.getOrDefault(group, new Counts(0, 0));
        Double p0 = overallRate();
        return new Rate(
                group,
                c.returned(),
                c.lapsed(),
                p0 == null ? null : shrunk(c.returned(), c.lapsed(), p0, PRIOR_STRENGTH));
    }

    /** Every group a customer can fall in, each with its rate (unseen groups get the overall rate). */
    List<Rate> rates() {
        List<Rate> all = new ArrayList<>();
        for (String days : PURCHASE_DAY_BANDS) {
            for (String tenure : TENURE_BANDS) {
                for (boolean competitor : List.of(false, true)) {
                    all.add(rate(key(days, tenure, competitor)));
                }
            }
        }
        return all;
    }

    /** The group key the SQL builds with {@code concat_ws('|', ...)}. */
    static String key(String purchaseDays, String tenure, boolean competitor) {
        return purchaseDays + "|" + tenure + "|" + competitor;
    }

    /** "2-4 purchase days, tenure 1-3y, lost to a competitor" for a group key. */
    static String describe(String group) {
        String[] parts = group.split("\\|", -1);
        if (parts.length != 3) {
            return group;
        }
        return "%s purchase day%s, tenure %s, %s"
                .formatted(
                        parts[0],
                        "1".equals(parts[0]) ? "" : "s",
                        parts[1],
                        Boolean.parseBoolean(parts[2]) ? "lost to a competitor" : "not marked lost to a competitor");
    }

    static String percent(double p) {
        return String.format(Locale.ROOT, "%.0f %%", p * 100);
    }

    static String money(double amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }
}
