package com.crm.interaction.plan;

import com.crm.interaction.contact.Channel;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Contact the customer over {@code channel} at least once every {@code every} (ISO-8601 period, e.g. P1M). */
public record PlanRule(
        @NotNull Channel channel,

        @Schema(
                example = "P3M",
                description = "ISO-8601 period: P1M monthly, P3M quarterly, P14D fortnightly",
                format = "duration")
        @NotNull
        @Size(max = 16)
        @Pattern(regexp = "P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?")
        String every) {}
