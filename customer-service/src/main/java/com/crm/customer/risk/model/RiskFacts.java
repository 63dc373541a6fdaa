package com.crm.customer.risk.model;

import java.util.List;

/**
 * What a customer's risk is computed from: aggregates of the purchase ledger over the look-back window, the
 * complaints followed by a refund, and the identifiers the customer shares with other live profiles.
 *
 * @param purchases          purchases in the window
 * @param purchaseAmount     their amount (all currencies summed: a ratio, not a sum, is what is read)
 * @param refunds            refunds in the window
 * @param refundAmount       their amount, positive
 * @param recentRefunds      refunds in the velocity window (e.g. the last 30 days)
 * @param burstPurchases     purchases in the burst window (e.g. the last 7 days)
 * @param baselinePurchases  purchases in the baseline before the burst window
 * @param baselineDays       days of the customer's own history within the baseline (0 for a new customer)
 * @param complaintRefunds   complaints that a refund followed within the compensation window
 * @param shared             the customer's identifiers shared with at least one other live profile
 * @param loyalty            what loyalty-service reported of the customer's points and coupons
 */
public record RiskFacts(
        long purchases,
        double purchaseAmount,
        long refunds,
        double refundAmount,
        long recentRefunds,
        long burstPurchases,
        long baselinePurchases,
        double baselineDays,
        long complaintRefunds,
        List<Shared> shared,
        Loyalty loyalty) {

    public RiskFacts {
        shared = shared == null ? List.of() : List.copyOf(shared);
        loyalty = loyalty == null ? Loyalty.NONE : loyalty;
    }

    /** Facts without loyalty data (a customer loyalty-service reported nothing abusive of). */
    public RiskFacts(
            long purchases,
            double purchaseAmount,
            long refunds,
            double refundAmount,
            long recentRefunds,
            long burstPurchases,
            long baselinePurchases,
            double baselineDays,
            long complaintRefunds,
            List<Shared> shared) {
        this(
                purchases,
                purchaseAmount,
                refunds,
                refundAmount,
                recentRefunds,
                burstPurchases,
                baselinePurchases,
                baselineDays,
                complaintRefunds,
                shared,
                Loyalty.NONE);
    }

    /**
     * An identifier of the customer held by {@code others} other live profiles.
     *
     * @param kind   {@link SignalKind#SHARED_PHONE} ... {@link SignalKind#SHARED_DEVICE}
     * @param masked the identifier as a reason may show it (never whole)
     * @param key    a stable digest of the identifier (evidence, never shown)
     */
    public record Shared(SignalKind kind, String masked, String key, int others) {}

    /**
     * Points and coupons in the look-back window.
     *
     * @param debtRefunds refunds that left a points debt: the points the refunded purchase earned were already spent
     * @param debtPoints  the points of those debts
     * @param couponRings coupon campaigns the customer redeemed that linked profiles redeemed too
     */
    public record Loyalty(long debtRefunds, long debtPoints, List<CouponRing> couponRings) {

        public static final Loyalty NONE = new Loyalty(0, 0, List.of());

        public Loyalty {
            couponRings = couponRings == null ? List.of() : List.copyOf(couponRings);
        }
    }

    /**
     * A coupon campaign the customer redeemed that {@code others} other live profiles sharing a phone, an e-mail, an
     * address or a device with them redeemed too.
     */
    public record CouponRing(String campaign, int others) {}
}
