package com.crm.loyalty.member;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A member as the API shows it. */
public record MemberView(
        UUID memberId,
        UUID customerId,

        @Schema(description = "Human-readable, unique, e.g. L000100001")
        String memberNumber,

        @Schema(description = "ACTIVE, MERGED (into another member) or CLOSED (erased)")
        String status,

        @Schema(description = "Points balance: the sum of the journal")
        long balance,

        @Schema(description = "Refunded points that could not be taken back yet, settled from later accruals")
        long debt,

        LevelView level,
        Instant levelSince,

        @Schema(description = "When the level is next reviewed (a downgrade waits for the grace period after it)")
        Instant levelReviewAt,

        Instant enrolledAt,
        ExpiringView expiring) {

    public record LevelView(String code, String name, Map<String, Object> privileges) {}

    public record ExpiringView(
            @Schema(description = "The window looked at, in days")
            int withinDays,

            @Schema(description = "Points of lots expiring within it")
            long points,

            @Schema(description = "The earliest of those expiries")
            Instant firstExpiresAt) {}
}
