package com.crm.interaction.agent;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** One skill of an agent and how good they are at it (1 to 5). */
public record SkillLevel(
        @Schema(
                description = "A product, a language (lang:zh), a channel (channel:PHONE), complaints, ...; matched"
                        + " case-insensitively")
        @NotBlank
        @Size(max = 64)
        String skill,

        @Schema(description = "1 (basic) to 5 (expert)") @NotNull @Min(1) @Max(5)
        Integer level) {}
