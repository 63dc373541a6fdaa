package com.crm.customer.consent;

import io.swagger.v3.oas.annotations.media.Schema;

/** A subscription type as an admin defines it; {@code key} is taken from the path on a change. */
public record SubscriptionTypeInput(
        @Schema(maxLength = 64) String key,

        @Schema(maxLength = 200, requiredMode = Schema.RequiredMode.REQUIRED)
        String name,

        @Schema(maxLength = 1000) String description,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Purpose purpose,

        @Schema(description = "ALL (default) or one channel")
        String channel,

        @Schema(description = "On a change: false brings an archived type back")
        Boolean archived) {}
