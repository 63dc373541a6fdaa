package com.crm.interaction.timeline;

import com.crm.interaction.contact.Channel;
import com.crm.interaction.contact.Purpose;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** An interaction as clients record it. */
public record InteractionInput(
        @NotNull UUID customerId,
        @NotNull Channel channel,
        @NotNull Direction direction,
        @NotNull InteractionType type,

        @Schema(description = "Defaults from type: CAMPAIGN is MARKETING, SALES_CALL is SALES, others SERVICE")
        Purpose purpose,

        @Schema(description = "When it happened (ISO-8601); now when omitted; at most 5 minutes ahead")
        Instant occurredAt,

        @PositiveOrZero @Max(86_400) Integer durationSeconds,
        @Size(max = 64) String agentId,
        @Size(max = 200) String subject,
        @Size(max = 10_000) String notes,
        Outcome outcome,
        @Size(max = 64) String campaignId,

        @Schema(description = "System the record comes from (e.g. a call centre); 'api' when omitted")
        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9._:-]+")
        String source,

        @Schema(
                description =
                        "Id in the source system: re-sending the same (source, externalId) returns the existing one")
        @Size(max = 128)
        String externalId,

        @Schema(description = "Admin only (crm.admin): record although a contact policy refuses, with a justification")
        @Valid
        PolicyOverride override) {

    public static final String DEFAULT_SOURCE = "api";

    public record PolicyOverride(@NotBlank @Size(max = 1000) String justification) {}

    public String sourceOrDefault() {
        return source == null || source.isBlank() ? DEFAULT_SOURCE : source;
    }

    public Purpose purposeOrDefault() {
        return purpose != null ? purpose : type.defaultPurpose();
    }
}
