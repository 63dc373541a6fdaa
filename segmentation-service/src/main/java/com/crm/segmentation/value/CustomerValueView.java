package com.crm.segmentation.value;

import com.crm.segmentation.metrics.CustomerMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** What a customer is worth and where they are heading: metrics, RFM, CLV, P(alive), tier, stage, churn risk. */
public record CustomerValueView(
        UUID customerId,
        Metrics metrics,
        Rfm rfm,
        String pAlive,
        String expectedPurchases,
        String expectedSpend,
        String clv,
        String clvPercentile,
        String tier,
        String quadrant,
        String churnRisk,
        String stage,
        String stageReason,
        Instant updatedAt) {

    public record Metrics(
            LocalDate firstPurchaseAt,
            LocalDate lastPurchaseAt,
            int purchaseDays,
            int repeatPurchaseDays,
            String totalSpend,
            String meanSpend,
            long tenureDays,
            int recentInteractions,
            int recentPurchaseIntents,
            int recentComplaints,
            Boolean detractor) {}

    public record Rfm(Short recency, Short frequency, Short monetary, String segment) {}

    static CustomerValueView of(UUID id, CustomerMetrics m, CustomerValueRepository.StoredValue v, LocalDate today) {
        Metrics metrics = m == null
                ? null
                : new Metrics(
                        m.firstPurchaseAt(),
                        m.lastPurchaseAt(),
                        m.purchaseDays(),
                        m.repeatPurchaseDays(),
                        m.totalSpend() == null
                                ? null
                                : m.totalSpend().stripTrailingZeros().toPlainString(),
                        m.meanSpend() == null
                                ? null
                                : m.meanSpend()
                                        .setScale(2, RoundingMode.HALF_UP)
                                        .toPlainString(),
                        m.tenureDays(today),
                        m.recentInteractions(),
                        m.recentPurchaseIntents(),
                        m.recentComplaints(),
                        m.detractor());
        if (v == null) {
            return new CustomerValueView(
                    id, metrics, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        return new CustomerValueView(
                id,
                metrics,
                v.recencyScore() == null
                        ? null
                        : new Rfm(v.recencyScore(), v.frequencyScore(), v.monetaryScore(), v.rfmSegment()),
                num(v.pAlive(), 4),
                num(v.expectedPurchases(), 4),
                CustomerValueService.decimal(v.expectedSpend()),
                CustomerValueService.decimal(v.clv()),
                num(v.clvPercentile(), 4),
                v.tier(),
                v.quadrant(),
                num(v.churnRisk(), 4),
                v.stage(),
                v.stageReason(),
                v.updatedAt());
    }

    private static String num(Double value, int scale) {
        return value == null
                ? null
                : BigDecimal.valueOf(value)
                        .setScale(scale, RoundingMode.HALF_UP)
                        .toPlainString();
    }
}
