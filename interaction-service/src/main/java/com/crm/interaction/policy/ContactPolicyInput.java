package com.crm.interaction.policy;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalTime;

/** A contact policy as admins write it; every rule is optional but a policy has at least one. */
public record ContactPolicyInput(
        @NotBlank @Size(max = 100) String name,

        @Schema(description = "The channel it limits; all outbound channels together when omitted")
        Channel channel,

        @Schema(description = "The purpose it limits; any purpose when omitted")
        Purpose purpose,

        @Schema(description = "At most this many contacts per window") @Min(1) @Max(1000)
        Integer maxContacts,

        @Schema(description = "Rolling window, ISO-8601 duration, e.g. P30D", example = "P30D", format = "duration")
        @Size(max = 32)
        @Pattern(regexp = "P.*")
        String window,

        @Schema(
                description = "Minimum time between two contacts, ISO-8601 duration",
                example = "PT24H",
                format = "duration")
        @Size(max = 32)
        @Pattern(regexp = "P.*")
        String minGap,

        @Schema(description = "Quiet hours start, customer's local time", example = "21:00")
        LocalTime quietStart,

        @Schema(description = "Quiet hours end (may be after midnight)", example = "08:00")
        LocalTime quietEnd,

        @Schema(description = "A GRANTED consent for the channel is required")
        Boolean consentRequired,

        @Schema(description = "true when omitted") Boolean enabled) {}
