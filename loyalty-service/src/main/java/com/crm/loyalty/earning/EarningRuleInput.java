package com.crm.loyalty.earning;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

/** An earning rule as configured: MULTIPLIER needs multiplier, DAILY_CAP needs dailyCap. */
record EarningRuleInput(
        @NotBlank @Size(max = 100) String name,

        @NotNull
        @Pattern(regexp = "MULTIPLIER|DAILY_CAP", message = "MULTIPLIER or DAILY_CAP")
        @Schema(allowableValues = {"MULTIPLIER", "DAILY_CAP"})
        String type,

        @Size(max = 100) @Schema(description = "Purchase line category; null: any")
        String category,

        @Size(max = 50) @Schema(description = "Purchase channel; null: any")
        String channel,

        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax("100")
        @Digits(integer = 3, fraction = 4)
        @Schema(type = "string", example = "2")
        BigDecimal multiplier,

        @Min(0) @Max(1_000_000_000) Long dailyCap,
        Instant validFrom,
        Instant validUntil,
        @Schema(description = "Default true") Boolean active) {}
