package com.crm.loyalty.earning;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * Points a purchase earns: {@code floor(amount × rate × level multiplier × line-weighted rule multipliers)}, then
 * limited by the daily cap. The purchase amount is what counts (discounts, shipping included); its lines only weight
 * it: each line's share of the line total earns its own multipliers (category and channel rules, campaigns in their
 * date range). Without lines (or line amounts) the purchase is one line without a category.
 */
public final class EarningCalculator {

    /** A line as the rules see it: its category and amount. */
    public record Line(String category, BigDecimal amount) {}

    /** A purchase as the rules see it. */
    public record Purchase(BigDecimal amount, String channel, Instant occurredAt, List<Line> lines) {}

    private EarningCalculator() {}

    /** Points before the daily cap. */
    public static long points(
            Purchase p, BigDecimal pointsPerUnit, BigDecimal levelMultiplier, List<EarningRule> rules) {
        if (p.amount() == null || p.amount().signum() <= 0 || pointsPerUnit.signum() <= 0) {
            return 0;
        }
        List<EarningRule> multipliers = rules.stream()
                .filter(r -> EarningRule.MULTIPLIER.equals(r.type()) && r.multiplier() != null)
                .filter(r -> r.appliesTo(p.channel(), p.occurredAt()))
                .toList();
        List<Line> lines = p.lines() == null
                ? List.of()
                : p.lines().stream()
                        .filter(l -> l.amount() != null && l.amount().signum() > 0)
                        .toList();
        if (lines.isEmpty()) {
            lines = List.of(new Line(null, p.amount()));
        }
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal weighted = BigDecimal.ZERO;
        for (Line line : lines) {
            BigDecimal m = BigDecimal.ONE;
            for (EarningRule r : multipliers) {
                if (r.appliesToCategory(line.category())) {
                    m = m.multiply(r.multiplier());
                }
            }
            total = total.add(line.amount());
            weighted = weighted.add(line.amount().multiply(m));
        }
        BigDecimal effective = p.amount().multiply(weighted).divide(total, 10, RoundingMode.DOWN);
        BigDecimal points = effective.multiply(pointsPerUnit).multiply(levelMultiplier);
        return points.setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** The lowest daily cap of the rules that apply to the purchase; null when none does. */
    public static Long dailyCap(Purchase p, List<EarningRule> rules) {
        return rules.stream()
                .filter(r -> EarningRule.DAILY_CAP.equals(r.type()) && r.dailyCap() != null)
                .filter(r -> r.appliesTo(p.channel(), p.occurredAt()))
                .map(EarningRule::dailyCap)
                .min(Long::compare)
                .orElse(null);
    }

    /** Points within the cap, given what the member already earned from purchases that day. */
    public static long capped(long points, Long cap, long earnedToday) {
        if (cap == null) {
            return points;
        }
        return Math.max(0, Math.min(points, cap - earnedToday));
    }
}
