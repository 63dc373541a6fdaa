package com.crm.loyalty.member;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Which lots a debit takes its points from: first in, first out (the lots are given earliest expiry first). */
public final class LotConsumption {

    /** {@code points} taken from lot {@code lotId}. */
    public record Take(UUID lotId, long points) {}

    private LotConsumption() {}

    /**
     * @param lots   open lots in the order they are consumed
     * @param amount points to take (at least 0)
     * @throws IllegalArgumentException when the lots hold fewer than {@code amount}
     */
    public static List<Take> consume(List<Lot> lots, long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("cannot consume a negative amount: " + amount);
        }
        List<Take> takes = new ArrayList<>();
        long left = amount;
        for (Lot lot : lots) {
            if (left == 0) {
                break;
            }
            long take = Math.min(lot.remaining(), left);
            if (take > 0) {
                takes.add(new Take(lot.id(), take));
                left -= take;
            }
        }
        if (left > 0) {
            throw new IllegalArgumentException("lots hold " + (amount - left) + " points, not " + amount);
        }
        return takes;
    }
}
