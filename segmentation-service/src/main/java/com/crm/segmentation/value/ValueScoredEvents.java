package com.crm.segmentation.value;

import com.crm.contracts.events.segmentation.CustomerValueScored;
import com.crm.segmentation.value.CustomerValueRepository.StoredValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * When a customer's scores changed materially, so that {@code crm.value.scored} is worth sending: the first score
 * always; then a change of tier, stage, quadrant, RFM scores or segment, a relative CLV change above 1 %, or a change
 * of P(alive), churn risk or CLV percentile above 0.01. Below these, projections elsewhere would only churn.
 */
public final class ValueScoredEvents {

    static final double CLV_RELATIVE = 0.01;
    static final double PROBABILITY = 0.01;

    private ValueScoredEvents() {}

    public static boolean material(StoredValue old, StoredValue now) {
        if (old == null) {
            return true;
        }
        return !Objects.equals(old.tier(), now.tier())
                || !Objects.equals(old.stage(), now.stage())
                || !Objects.equals(old.quadrant(), now.quadrant())
                || !Objects.equals(old.rfmSegment(), now.rfmSegment())
                || !Objects.equals(old.recencyScore(), now.recencyScore())
                || !Objects.equals(old.frequencyScore(), now.frequencyScore())
                || !Objects.equals(old.monetaryScore(), now.monetaryScore())
                || relative(old.clv(), now.clv()) > CLV_RELATIVE
                || absolute(old.pAlive(), now.pAlive()) > PROBABILITY
                || absolute(old.churnRisk(), now.churnRisk()) > PROBABILITY
                || absolute(old.clvPercentile(), now.clvPercentile()) > PROBABILITY;
    }

    private static double relative(Double a, Double b) {
        if (a == null || b == null) {
            return a == null && b == null ? 0 : Double.POSITIVE_INFINITY;
        }
        double scale = Math.max(Math.abs(a), 1e-9);
        return Math.abs(b - a) / scale;
    }

    private static double absolute(Double a, Double b) {
        if (a == null || b == null) {
            return a == null && b == null ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(b - a);
    }

    public static CustomerValueScored event(StoredValue v, Instant at, UUID runId) {
        return new CustomerValueScored(
                v.customerId(),
                v.tier(),
                money(v.clv()),
                num(v.clvPercentile()),
                num(v.pAlive()),
                num(v.expectedPurchases()),
                v.recencyScore(),
                v.frequencyScore(),
                v.monetaryScore(),
                v.rfmSegment(),
                v.quadrant(),
                v.stage(),
                num(v.churnRisk()),
                at,
                runId);
    }

    private static String money(Double v) {
        return v == null
                ? null
                : BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String num(Double v) {
        return v == null
                ? null
                : BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }
}
