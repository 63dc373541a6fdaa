package com.crm.loyalty.earning;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An earning rule. {@code MULTIPLIER}: purchase lines of {@code category} (any when null) bought over
 * {@code channel} (any when null) between {@code validFrom} and {@code validUntil} (open ends when null: a bonus
 * campaign when bounded) earn {@code multiplier} times; matching multipliers multiply. {@code DAILY_CAP}: a member
 * earns at most {@code dailyCap} points from purchases per UTC day (the lowest matching cap counts).
 */
public record EarningRule(
        UUID id,
        String name,

        @Schema(allowableValues = {"MULTIPLIER", "DAILY_CAP"})
        String type,

        String category,
        String channel,
        @Schema(type = "string") BigDecimal multiplier,
        Long dailyCap,
        Instant validFrom,
        Instant validUntil,
        boolean active,
        Instant createdAt,
        long version) {

    public static final String MULTIPLIER = "MULTIPLIER";
    public static final String DAILY_CAP = "DAILY_CAP";

    /** Whether the rule applies to a purchase over {@code purchaseChannel} at {@code at}. */
    boolean appliesTo(String purchaseChannel, Instant at) {
        return active
                && (channel == null || channel.equalsIgnoreCase(purchaseChannel))
                && (validFrom == null || !at.isBefore(validFrom))
                && (validUntil == null || at.isBefore(validUntil));
    }

    /** Whether a multiplier rule applies to a line of {@code lineCategory} (its purchase already matched). */
    boolean appliesToCategory(String lineCategory) {
        return category == null || category.equalsIgnoreCase(lineCategory);
    }
}
