package com.crm.loyalty.earning;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a refund takes back: its amount is allocated to the purchases it refunds (in the order given) up to what
 * each has not had refunded yet, and each gives back points in proportion to its refunded share:
 * {@code floor(points × refunded / amount)} in total, so a full refund, in one or in several parts, takes back
 * exactly the points it earned.
 */
public final class ProportionalReversal {

    /** A purchase as earned: its amount, the points it earned, and what was refunded and reversed so far. */
    public record Accrued(UUID purchaseId, BigDecimal amount, long points, BigDecimal refunded, long reversed) {}

    /** The share of the refund allocated to a purchase and the points it takes back. */
    public record Reversal(UUID purchaseId, BigDecimal refunded, long points) {}

    private ProportionalReversal() {}

    public static List<Reversal> allocate(List<Accrued> purchases, BigDecimal refund) {
        List<Reversal> reversals = new ArrayList<>();
        BigDecimal left = refund.abs();
        for (Accrued a : purchases) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal open = a.amount().subtract(a.refunded());
            if (open.signum() <= 0) {
                continue;
            }
            BigDecimal take = left.min(open);
            BigDecimal refunded = a.refunded().add(take);
            long target = refunded.compareTo(a.amount()) >= 0
                    ? a.points()
                    : BigDecimal.valueOf(a.points())
                            .multiply(refunded)
                            .divide(a.amount(), 0, RoundingMode.DOWN)
                            .longValueExact();
            reversals.add(new Reversal(a.purchaseId(), take, Math.max(0, target - a.reversed())));
            left = left.subtract(take);
        }
        return reversals;
    }
}
