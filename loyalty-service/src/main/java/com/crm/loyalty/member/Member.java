package com.crm.loyalty.member;

import java.time.Instant;
import java.util.UUID;

/** A member as stored: balance = the sum of its journal entries = the sum of its lots' remaining points. */
public record Member(
        UUID id,
        UUID customerId,
        UUID programId,
        String memberNumber,
        String status,
        long balance,
        long debt,
        String levelCode,
        Instant levelSince,
        Instant levelReviewAt,
        Instant enrolledAt,
        UUID mergedInto) {

    public static final String ACTIVE = "ACTIVE";
    public static final String MERGED = "MERGED";
    public static final String CLOSED = "CLOSED";

    public boolean active() {
        return ACTIVE.equals(status);
    }
}
