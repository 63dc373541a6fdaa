package com.crm.loyalty.program;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A loyalty program: whether customers join on their first purchase, the base earning rate and its settings.
 *
 * @param pointsValidityMonths how long a lot of points stays valid; null: the service's default
 *                             ({@code crm.loyalty.points-validity-months})
 */
public record Program(
        UUID id,
        String code,
        String name,
        boolean autoEnrol,

        @Schema(description = "Points per whole currency unit of a purchase (rounded down)")
        BigDecimal pointsPerUnit,

        Integer pointsValidityMonths,

        @Schema(description = "Points for an answered survey (once per response)")
        int feedbackPoints,

        @Schema(description = "Points the referrer earns for a customer brought in (once per customer brought in)")
        int referralPoints,

        @Schema(description = "Rolling window (months) levels qualify over")
        int levelWindowMonths,

        @Schema(description = "How long (months) a level holds before it is reviewed")
        int levelReviewMonths,

        @Schema(description = "Days after the review date before a member who no longer qualifies is downgraded")
        int levelGraceDays,

        long version) {

    public static final String DEFAULT = "default";

    /** The validity of new lots, in months: the program's, else the service default. */
    public int validityMonths(int serviceDefault) {
        return pointsValidityMonths == null ? serviceDefault : pointsValidityMonths;
    }
}
