package com.crm.loyalty.reward;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A reward in the catalogue. */
public record Reward(
        UUID id,
        String name,
        String description,
        @Schema(description = "Points per unit") long costPoints,
        @Schema(description = "Units left; null: unlimited") Integer stock,
        boolean active,
        Instant createdAt,
        long version) {}
