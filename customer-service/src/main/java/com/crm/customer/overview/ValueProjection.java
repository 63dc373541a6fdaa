package com.crm.customer.overview;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The value projection in its three groups, each with the event time it came from: a group is only replaced by a
 * group at least as new, so late and replayed events never roll a customer's value back.
 */
final class ValueProjection {

    private ValueProjection() {}

    /** Tier and the CLV behind it (CustomerValueScored, TierChanged). */
    record Tier(String tier, BigDecimal clv, Instant at) {}

    /** The model's scores (CustomerValueScored). */
    record Scores(
            BigDecimal clvPercentile,
            BigDecimal pAlive,
            BigDecimal expectedPurchases,
            Short rfmRecency,
            Short rfmFrequency,
            Short rfmMonetary,
            String rfmSegment,
            String keyAccountQuadrant,
            String churnRisk,
            Instant at) {}

    /** Lifecycle stage (CustomerValueScored, LifecycleStageChanged). */
    record Stage(String stage, Instant at) {}

    /** One customer's stored row; a group whose time is null was never reported. */
    record Row(Tier tier, Scores scores, Stage stage) {}
}
