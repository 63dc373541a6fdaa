package com.crm.loyalty.reward;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A reward as configured (created, or replaced as a whole). */
record RewardInput(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotNull @Min(1) @Max(1_000_000_000) Long costPoints,

        @Min(0) @Max(1_000_000_000) @Schema(description = "Units available; null: unlimited")
        Integer stock,

        @Schema(description = "Default true") Boolean active) {}
