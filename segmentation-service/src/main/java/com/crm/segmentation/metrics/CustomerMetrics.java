package com.crm.segmentation.metrics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** What a customer did: purchase days (distinct UTC days with a purchase), spend (refunds deducted), recent signals. */
public record CustomerMetrics(
        UUID customerId,
        LocalDate firstPurchaseAt,
        LocalDate lastPurchaseAt,
        int purchaseDays,
        int repeatPurchaseDays,
        BigDecimal totalSpend,
        BigDecimal meanSpend,
        BigDecimal repeatMeanSpend,
        int recentInteractions,
        int recentPurchaseIntents,
        int recentComplaints,
        Boolean detractor) {

    /** Days from the first purchase to {@code asOf}; 0 without a purchase. */
    public long tenureDays(LocalDate asOf) {
        return firstPurchaseAt == null ? 0 : ChronoUnit.DAYS.between(firstPurchaseAt, asOf);
    }
}
