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
        List<Shared> shared) {

    public RiskFacts {
        shared = shared == null ? List.of() : List.copyOf(shared);
    }

    /**
     * An identifier of the customer held by {@code others} other live profiles.
     *
     * @param kind   {@link SignalKind#SHARED_PHONE} ... {@link SignalKind#SHARED_DEVICE}
     * @param masked the identifier as a reason may show it (never whole)
     * @param key    a stable digest of the identifier (evidence, never shown)
     */
    public record Shared(SignalKind kind, String masked, String key, int others) {}
}
