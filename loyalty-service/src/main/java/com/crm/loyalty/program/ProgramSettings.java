package com.crm.loyalty.program;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/** A program's settings, replaced as a whole. */
record ProgramSettings(
        @NotNull Boolean autoEnrol,

        @NotNull
        @DecimalMin("0")
        @DecimalMax("1000")
        @Digits(integer = 4, fraction = 4)
        @Schema(type = "string", example = "1")
        BigDecimal pointsPerUnit,

        @Min(1) @Max(240) @Schema(description = "null: the service default (crm.loyalty.points-validity-months)")
        Integer pointsValidityMonths,

        @NotNull @Min(0) @Max(1_000_000) Integer feedbackPoints,

        @Min(0) @Max(1_000_000) @Schema(description = "absent: " + ProgramSettings.DEFAULT_REFERRAL_POINTS)
        Integer referralPoints,

        @NotNull @Min(1) @Max(120) Integer levelWindowMonths,
        @NotNull @Min(1) @Max(120) Integer levelReviewMonths,
        @NotNull @Min(0) @Max(3650) Integer levelGraceDays) {

    /** Points for a customer brought in when the settings leave them out (as the column's default). */
    static final int DEFAULT_REFERRAL_POINTS = 50;

    int referralPointsOrDefault() {
        return referralPoints == null ? DEFAULT_REFERRAL_POINTS : referralPoints;
    }
}
