package com.crm.loyalty.level;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Map;

/** A level as configured (created or replaced by its code). */
record LevelInput(
        @NotBlank @Size(max = 100) String name,
        @NotNull @Min(0) @Max(1000) Integer rank,
        @NotNull @Min(0) @Max(1_000_000_000_000L) Long minPoints,

        @DecimalMin("0") @Digits(integer = 15, fraction = 4) @Schema(type = "string")
        BigDecimal minSpend,

        @Size(max = 50) @Schema(description = "Privileges as a JSON object, e.g. {\"pointsMultiplier\": 1.5}")
        Map<@Size(max = 64) String, Object> privileges) {}
