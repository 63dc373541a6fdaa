package com.crm.interaction.plan;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** A communication plan as admins write it: for a tier, or an explicit list of customers, or both. */
public record CommunicationPlanInput(
        @NotBlank @Size(max = 100) String name,

        @Schema(description = "Customers of this tier (as crm.segmentation.v1 assigns it), e.g. S") @Size(max = 32)
        String tier,

        @Schema(description = "Explicit members (until segmentation assigns tiers)") @Size(max = 10_000)
        List<UUID> customerIds,

        @NotEmpty @Size(max = 20) List<@Valid PlanRule> rules,
        @Schema(description = "true when omitted") Boolean active) {}
