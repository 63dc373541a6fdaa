package com.crm.customer.risk.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * The model's knobs ({@code crm.risk.*}; the defaults are {@link #DEFAULTS}).
 *
 * @param weights            per signal kind, the probability that a customer with that signal at full strength is a
 *                           fraud, were it the only signal (the noisy-OR's link probabilities)
 * @param refundRatioFloor   a refund ratio (refunded / purchased amount) at or below it is no signal
 * @param refundRatioFull    a refund ratio at or above it is a full-strength signal (if there are enough refunds)
 * @param minRefunds         fewer refunds than this in the window are no refund-ratio signal (one return is normal)
 * @param velocityFree       refunds within the velocity window that are no signal
 * @param velocityScale      refunds beyond the free ones that bring the velocity signal to 1 − 1/e
 * @param ringSize           profiles on one identifier (the customer included) that make a full-strength cluster
 * @param burstMinimum       fewer purchases than this in the burst window are no burst
 * @param burstWindowDays    the burst window, to scale the baseline rate
 * @param burstPriorPerWeek  the weekly rate expected of a customer without history
 * @param burstZFloor        excess (in standard deviations of a Poisson count) at or below it is no burst
 * @param burstZFull         excess at or above it is a full-strength burst
 * @param complaintFree      complaints followed by a refund that are no signal
 * @param complaintScale     such complaints beyond the free ones that bring the signal to 1 − 1/e
 * @param pointsDebtFree     refunds leaving a points debt that are no signal (one returned reward purchase is normal)
 * @param pointsDebtScale    such refunds beyond the free ones that bring the points-abuse signal to 1 − 1/e
 * @param reviewThreshold    a score at or above it opens a review
 */
public record RiskSettings(
        Map<SignalKind, Double> weights,
        double refundRatioFloor,
        double refundRatioFull,
        int minRefunds,
        int velocityFree,
        double velocityScale,
        int ringSize,
        int burstMinimum,
        int burstWindowDays,
        double burstPriorPerWeek,
        double burstZFloor,
        double burstZFull,
        int complaintFree,
        double complaintScale,
        int pointsDebtFree,
        double pointsDebtScale,
        double reviewThreshold) {

    public static final RiskSettings DEFAULTS =
            new RiskSettings(defaultWeights(), 0.15, 0.6, 2, 1, 3, 5, 3, 7, 0.5, 2, 6, 1, 3, 1, 2, 0.5);

    public RiskSettings {
        Map<SignalKind, Double> all = defaultWeights();
        if (weights != null) {
            weights.forEach((kind, weight) -> {
                if (weight == null || weight < 0 || weight >= 1) {
                    throw new IllegalArgumentException("crm.risk.weights." + kind + " must be in [0, 1)");
                }
                all.put(kind, weight);
            });
        }
        weights = Map.copyOf(all);
        if (refundRatioFull <= refundRatioFloor || burstZFull <= burstZFloor || ringSize < 2 || pointsDebtScale <= 0) {
            throw new IllegalArgumentException("crm.risk: a full-strength bound must exceed its floor, ring-size ≥ 2");
        }
    }

    public double weight(SignalKind kind) {
        return weights.get(kind);
    }

    private static Map<SignalKind, Double> defaultWeights() {
        Map<SignalKind, Double> w = new EnumMap<>(SignalKind.class);
        w.put(SignalKind.REFUND_RATIO, 0.55);
        w.put(SignalKind.REFUND_VELOCITY, 0.35);
        w.put(SignalKind.SHARED_PHONE, 0.6);
        w.put(SignalKind.SHARED_EMAIL, 0.5);
        w.put(SignalKind.SHARED_ADDRESS, 0.3);
        w.put(SignalKind.SHARED_DEVICE, 0.6);
        w.put(SignalKind.PURCHASE_BURST, 0.4);
        w.put(SignalKind.COMPLAINT_REFUNDS, 0.4);
        w.put(SignalKind.POINTS_ABUSE, 0.45);
        w.put(SignalKind.COUPON_ABUSE, 0.5);
        return w;
    }
}
