package com.crm.interaction.plan;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A communication plan as admins write it: for a value tier, a loyalty level or an explicit list of customers (any of
 * them together: a customer in any is a member).
 */
public record CommunicationPlanInput(
        @NotBlank @Size(max = 100) String name,

        @Schema(description = "Customers of this tier (as crm.segmentation.v1 assigns it), e.g. S") @Size(max = 32)
        String tier,

        @Schema(description = "Members of this loyalty level (as crm.loyalty.v1 reports it), e.g. GOLD") @Size(max = 64)
        String loyaltyLevel,

        @Schema(description = "Explicit members (until segmentation assigns tiers)") @Size(max = 10_000)
        List<UUID> customerIds,

        @NotEmpty @Size(max = 20) List<@Valid PlanRule> rules,
        @Schema(description = "true when omitted") Boolean active) {}
